package io.jpatroni.daemon.settings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON spaced as Python's {@code json.dumps} writes it ({@code {"ttl": 30, "loop_wait": 10}}), as in Patroni's files. */
final class PythonJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonJson() {
    }

    static String dumps(Object value) {
        try {
            return JSON.writer(new PythonSpacing()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
