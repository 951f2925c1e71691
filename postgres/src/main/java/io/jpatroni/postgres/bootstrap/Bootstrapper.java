package io.jpatroni.postgres.bootstrap;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.AtomicFiles;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.process.ShellWords;
import io.jpatroni.postgres.sql.PostgresQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** initdb and the work Patroni does once the new cluster runs (roles, grants, post_bootstrap script). */
public final class Bootstrapper {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration METHOD_TIMEOUT = Duration.ofDays(7);

    private final PostgresSettings settings;
    private final ProcessRunner runner;
    private final ConfigFiles files;

    public Bootstrapper(PostgresSettings settings, ProcessRunner runner, ConfigFiles files) {
        this.settings = settings;
        this.runner = runner;
        this.files = files;
    }

    /** Runs initdb; the superuser password goes through a temporary --pwfile, never the command line. */
    public void initdb(List<InitdbOption> options) {
        List<String> args = new ArrayList<>(List.of(settings.bin("initdb").toString(),
                "--pgdata=" + settings.dataDir()));
        options.stream().filter(o -> !o.name().equals("pgdata") && !o.name().equals("username")
                && !o.name().equals("pwfile")).map(InitdbOption::argument).forEach(args::add);
        RoleCredentials su = settings.superuser();
        args.add("--username=" + su.username());
        Path pwfile = null;
        try {
            if (su.password().isPresent()) {
                pwfile = Files.createTempFile("jpatroni-pwfile", "");
                AtomicFiles.write(pwfile, su.password().get().value() + "\n", AtomicFiles.OWNER_ONLY);
                args.add("--pwfile=" + pwfile);
            }
            LOG.info("running initdb for {}", settings.dataDir());
            runner.runChecked("initdb failed", Command.of(INITDB_TIMEOUT, args));
        } catch (IOException e) {
            throw new PostgresException("cannot create the temporary password file for initdb: " + e, e);
        } finally {
            deleteQuietly(pwfile);
        }
    }

    /**
     * Runs a custom bootstrap method's command ({@code --scope} and {@code --datadir} unless {@code no_params}) and
     * waits for it; it may take as long as the restore takes.
     */
    public void runMethod(CustomBootstrap method) {
        List<String> args = new ArrayList<>(ShellWords.split(method.command()));
        if (!method.noParams()) {
            args.add("--scope=" + settings.scope());
            args.add("--datadir=" + settings.dataDir());
        }
        LOG.info("Running custom bootstrap script: {}", method.command());
        runner.runChecked("custom bootstrap script failed",
                Command.of(METHOD_TIMEOUT, args).logged().asCancellable());
    }

    /**
     * After the first start: superuser password, the post_bootstrap script (called with the conninfo, the
     * password in a pgpass file), then the replication and rewind roles and bootstrap users.
     */
    public void postBootstrap(BootstrapSpec spec, PostgresQueries su) {
        quietRoleLogging(su);
        RoleCredentials superuser = settings.superuser();
        if (superuser.password().isPresent()) {
            su.execute(RoleSql.createOrUpdate(superuser.username(), secret(superuser), List.of("SUPERUSER")));
        }
        spec.postBootstrap().ifPresent(this::runPostBootstrap);
        RoleCredentials repl = settings.replication();
        su.execute(RoleSql.createOrUpdate(repl.username(), secret(repl), List.of("REPLICATION")));
        RoleCredentials rewind = settings.rewind();
        if (!rewind.username().equals(superuser.username())) {
            su.execute(RoleSql.createOrUpdate(rewind.username(), secret(rewind), List.of()));
            for (String f : RoleSql.REWIND_FUNCTIONS) {
                su.execute(RoleSql.grantExecute(f, rewind.username()));
            }
        }
        for (BootstrapUser u : spec.users()) {
            if (List.of(superuser.username(), repl.username(), rewind.username()).contains(u.name())) {
                continue;
            }
            su.execute(RoleSql.createOrUpdate(u.name(), u.password().map(s -> s.value()), u.options()));
        }
        su.execute("RESET log_statement");
        su.execute("RESET log_min_duration_statement");
    }

    private static void quietRoleLogging(PostgresQueries su) {
        su.execute("SET log_statement TO none");
        su.execute("SET log_min_duration_statement TO -1");
    }

    private void runPostBootstrap(String commandLine) {
        ConnectionTarget local = settings.local(settings.superuser());
        Map<String, String> env = new java.util.HashMap<>(files.writePgpass(List.of(local)));
        env.put("PGOPTIONS", "-c synchronous_commit=local -c statement_timeout=0");
        List<String> args = new ArrayList<>(ShellWords.split(commandLine));
        args.add(local.dsn(files.libpqVersion()));
        LOG.info("running post_bootstrap script: {}", commandLine);
        runner.runChecked("post_bootstrap script failed",
                Command.of(INITDB_TIMEOUT, args).withEnv(env).logged().asCancellable());
    }

    private static Optional<String> secret(RoleCredentials c) {
        return c.password().map(s -> s.value());
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", p, e.toString());
            }
        }
    }
}
