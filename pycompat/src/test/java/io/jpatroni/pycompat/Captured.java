package io.jpatroni.pycompat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bytes real Patroni 3.0.2 wrote (see {@code patroni-3.0.2/non-ascii/README.md}), and the values they hold. */
final class Captured {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Captured() {
    }

    static String text(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/patroni-3.0.2/non-ascii/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The capture parsed as Python's {@code json.loads} would: ordered maps, Long/BigInteger, Double. */
    static Object json(String name) {
        try {
            return JSON.readValue(text(name).strip(), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
