package io.jpatroni.postgres.replica;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.DataDirectory;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.ProcessFailedException;
import io.jpatroni.postgres.process.ProcessResult;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.process.ShellWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a replica's data directory by trying the configured methods in order, as Patroni's create_replica
 * does. When every method fails the data directory is removed and the last failure is thrown.
 */
public final class ReplicaCreator {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCreator.class);
    private static final int BASEBACKUP_ATTEMPTS = 2;

    private final PostgresSettings settings;
    private final ProcessRunner runner;
    private final ConfigFiles files;
    private final Duration timeout;
    private final Duration retryDelay;

    public ReplicaCreator(PostgresSettings settings, ProcessRunner runner, ConfigFiles files, Duration timeout,
                          Duration retryDelay) {
        this.settings = settings;
        this.runner = runner;
        this.files = files;
        this.timeout = timeout;
        this.retryDelay = retryDelay;
    }

    /**
     * @param source the member to clone from, with replication credentials; empty keeps only no_leader methods
     * @return the name of the method that succeeded
     */
    public String create(List<ReplicaMethod> methods, Optional<ConnectionTarget> source) {
        List<ReplicaMethod> usable = methods.isEmpty() ? List.of(ReplicaMethod.basebackup(BasebackupOptions.none()))
                : methods;
        Map<String, String> env = Map.of();
        if (source.isPresent()) {
            env = files.writePgpass(List.of(source.get()));
        } else {
            usable = usable.stream().filter(m -> m.noLeader() && !m.isBasebackup()).toList();
        }
        if (usable.isEmpty()) {
            throw new PostgresException("cannot create replica: no leader to clone from and no replica method"
                    + " works without one (no_leader)");
        }
        DataDirectory data = new DataDirectory(settings.dataDir());
        PostgresException last = null;
        for (ReplicaMethod m : usable) {
            try {
                if (m.isBasebackup()) {
                    basebackup(m.basebackup(), source.orElseThrow(), env, data);
                } else {
                    custom(m, source, env, data);
                }
                LOG.info("replica has been created using {}", m.name());
                return m.name();
            } catch (ProcessFailedException e) {
                LOG.error("Error creating replica using method {}: {}", m.name(), e.getMessage());
                last = e;
                if (e.cancelled()) {
                    break;
                }
            }
        }
        if (!data.isEmpty()) {
            data.remove();
        }
        throw new PostgresException("creating replica failed, data directory " + settings.dataDir()
                + " removed; last error: " + last.getMessage(), last);
    }

    private void basebackup(BasebackupOptions options, ConnectionTarget source, Map<String, String> env,
                            DataDirectory data) {
        List<String> args = new ArrayList<>(List.of(settings.bin("pg_basebackup").toString(),
                "--pgdata=" + settings.dataDir(), "-X", "stream", "--dbname=" + source.dsn(files.libpqVersion()), "--progress"));
        args.addAll(options.arguments());
        Command cmd = Command.of(timeout, args).withEnv(env).logged().asCancellable();
        ProcessResult result = null;
        for (int attempt = 1; attempt <= BASEBACKUP_ATTEMPTS; attempt++) {
            if (!data.isEmpty()) {
                data.remove();
            }
            result = runner.run(cmd);
            if (result.succeeded()) {
                return;
            }
            if (result.cancelled()) {
                break;
            }
            LOG.error("Error when fetching backup: pg_basebackup exited with code={}", result.exitCode());
            if (attempt < BASEBACKUP_ATTEMPTS) {
                LOG.warn("Trying again in {} seconds", retryDelay.toSeconds());
                sleep(retryDelay);
            }
        }
        throw new ProcessFailedException("pg_basebackup from " + source + " failed", cmd, result);
    }

    private void custom(ReplicaMethod m, Optional<ConnectionTarget> source, Map<String, String> env,
                        DataDirectory data) {
        if (!data.isEmpty()) {
            if (m.keepData()) {
                LOG.info("Leaving data directory uncleaned");
            } else {
                data.remove();
            }
        }
        Map<String, String> params = new LinkedHashMap<>(m.params());
        if (!m.noParams()) {
            params.put("scope", settings.scope());
            params.put("role", "replica");
            params.put("datadir", settings.dataDir().toString());
            params.put("connstring", source.map(s -> s.dsn(files.libpqVersion())).orElse(""));
        }
        List<String> args = new ArrayList<>(ShellWords.split(m.command().orElse(m.name())));
        params.forEach((k, v) -> args.add("--" + k + "=" + v));
        runner.runChecked("replica method " + m.name() + " failed",
                Command.of(timeout, args).withEnv(env).logged().asCancellable());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException("interrupted while creating replica", e);
        }
    }
}
