package io.jpatroni.dcs.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/** Reads the Patroni 3.0.2 captures ({@code etcdctl get --prefix -w json}) from test resources. */
public final class Fixtures {
    public static final List<String> CAPTURES = List.of("healthy", "after_failover", "after_switchover",
            "after_failover_rejoined", "after_patronictl_failover");

    private Fixtures() {
    }

    public static List<KeyValue> capture(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/patroni-3.0.2/" + name + ".json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<KeyValue> out = new ArrayList<>();
            for (JsonNode kv : root.get("kvs")) {
                long lease = kv.path("lease").asLong(0);
                out.add(new KeyValue(b64(kv.get("key").asText()), b64(kv.path("value").asText("")),
                        kv.get("create_revision").asLong(), kv.get("mod_revision").asLong(),
                        kv.get("version").asLong(), lease == 0 ? OptionalLong.empty() : OptionalLong.of(lease)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value real Patroni wrote with non-ASCII text, floats and escapes ({@code patroni-3.0.2/non-ascii/}). */
    public static String nonAscii(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/patroni-3.0.2/non-ascii/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
