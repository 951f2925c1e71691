package io.jpatroni.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helpers: sample configs from test resources and a file system where every bin_dir is complete. */
final class Fixtures {
    /** A bin_dir that holds every PostgreSQL binary; anything else does not exist. */
    static final String GOOD_BIN_DIR = "/usr/lib/postgresql/15/bin";

    static final FileChecks FILES = new FileChecks() {
        private final Set<String> dirs = Set.of(GOOD_BIN_DIR, "/usr/lib/postgresql/16/bin", "/empty/bin");

        @Override
        public boolean isDirectory(String path) {
            return dirs.contains(path);
        }

        @Override
        public boolean isExecutableFile(String path) {
            return !path.startsWith("/empty/");
        }
    };

    /** A minimal valid node configuration. */
    static final String MINIMAL = """
            scope: demo
            name: node1
            restapi:
              listen: 127.0.0.1:8008
              connect_address: 127.0.0.1:8008
            etcd3:
              hosts: 127.0.0.1:2379
            postgresql:
              listen: 127.0.0.1:5432
              connect_address: 127.0.0.1:5432
              data_dir: /var/lib/pg/data
              authentication:
                superuser:
                  username: postgres
                  password: supersecret
                replication:
                  username: replicator
                  password: replsecret
            """;

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadedConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    static LoadedConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.withFileChecks(FILES).load(yaml, env);
    }

    static LoadedConfig loadResource(String name) {
        return load(resource(name));
    }

    static List<String> paths(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::path).toList();
    }

    static List<String> rendered(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::render).toList();
    }
}
