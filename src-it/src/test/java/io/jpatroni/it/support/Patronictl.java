package io.jpatroni.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the real {@code patronictl} (default {@code /usr/bin/patronictl}) against a test etcd. */
public final class Patronictl {
    private static final String BINARY = System.getProperty("patronictl.binary", "/usr/bin/patronictl");
    private final Path config;

    private Patronictl(Path config) {
        this.config = config;
    }

    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Writes a minimal patronictl config for {@code scope} in {@code namespace} on the given etcd3 hosts. */
    public static Patronictl forEtcd3(Path dir, String namespace, String scope, List<String> hosts) {
        Path yml = dir.resolve("patronictl-" + scope + ".yml");
        String text = "scope: " + scope + "\n"
                + "namespace: " + namespace + "\n"
                + "etcd3:\n  hosts: " + String.join(",", hosts) + "\n";
        try {
            Files.writeString(yml, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Patronictl(yml);
    }

    /** Output of {@code patronictl -c <config> args...}; fails on a non-zero exit. */
    public String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-c", config.toString()));
        cmd.addAll(List.of(args));
        return Processes.run(new ProcessBuilder(cmd), Duration.ofSeconds(30));
    }
}
