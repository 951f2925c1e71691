package io.jpatroni.restapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON spaced as Python's {@code json.dumps} writes it ({@code {"ttl": 30, "loop_wait": 10}}): Patroni's REST
 * bodies and its {@code patroni.dynamic.json} are written that way.
 */
public final class PythonJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonJson() {
    }

    public static String dumps(Object value) {
        try {
            return JSON.writer(spacing()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python's separators: {@code ", "} between items, {@code ": "} after keys. */
    static MinimalPrettyPrinter spacing() {
        return new PythonSpacing();
    }

    private static final class PythonSpacing extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
