package io.jpatroni.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Patroni 3.0.2 captures under {@code src/test/resources/captures} (copied from the shared reference): DCS
 * snapshots ({@code etcdctl get --prefix -w json}) replayed into an in-memory store, and patronictl's outputs.
 */
public final class Captures {
    private Captures() {
    }

    public static String text(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store holding every key of the snapshot (without leases). */
    public static InMemoryKeyValueStore store(String snapshot) {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        try {
            JsonNode root = new ObjectMapper().readTree(text(snapshot + ".json"));
            for (JsonNode kv : root.path("kvs")) {
                String key = new String(Base64.getDecoder().decode(kv.path("key").asText()), StandardCharsets.UTF_8);
                String value = new String(Base64.getDecoder().decode(kv.path("value").asText()),
                        StandardCharsets.UTF_8);
                store.put(key, value, OptionalLong.empty(), Condition.NONE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store;
    }

    /**
     * The snapshot with every member's REST API on a port nothing listens on: the captured members' api_url are
     * 127.0.0.1:8008-8010, where a demo or another test may well answer.
     */
    public static InMemoryKeyValueStore storeWithApisDown(String snapshot) {
        InMemoryKeyValueStore store = store(snapshot);
        for (var kv : store.getPrefix("/service/").kvs()) {
            if (kv.key().contains("/members/")) {
                store.put(kv.key(), kv.value().replaceAll("\"api_url\":\"http://127\\.0\\.0\\.1:[0-9]+/",
                        "\"api_url\":\"http://127.0.0.1:1/"), OptionalLong.empty(), Condition.NONE);
            }
        }
        return store;
    }

    public static ClusterStore dcs(InMemoryKeyValueStore store, String scope) {
        return DcsFactory.inMemoryStore(store, "/service/", scope);
    }

    public static Cluster cluster(String snapshot) {
        return cluster(store(snapshot), "demo");
    }

    public static Cluster cluster(InMemoryKeyValueStore store, String scope) {
        try (ClusterStore dcs = dcs(store, scope)) {
            return dcs.read();
        }
    }

    /** Runs jpatronictl in-process on {@code store} with {@code stdin}; stdout and stderr merged. */
    public static Run run(InMemoryKeyValueStore store, String stdin, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JPatroniCtl root = new JPatroniCtl();
        CtlContext ctx = new CtlContext(Optional.empty(), Optional.of("127.0.0.1:1"), false, out, out,
                new BufferedReader(new StringReader(stdin))).withStores(name -> dcs(store, name));
        root.useContext(ctx);
        int code = JPatroniCtl.commandLine(root, args).execute(args);
        ctx.close();
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    public record Run(int exitCode, String output) {
    }
}
