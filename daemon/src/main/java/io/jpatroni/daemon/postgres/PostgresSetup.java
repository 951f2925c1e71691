package io.jpatroni.daemon.postgres;

import io.jpatroni.config.BootstrapConfig;
import io.jpatroni.config.Callbacks;
import io.jpatroni.config.EffectiveConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.config.PgUser;
import io.jpatroni.config.PostgresqlConfig;
import io.jpatroni.daemon.callbacks.CallbackAction;
import io.jpatroni.daemon.loop.FatalException;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.Password;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.bootstrap.BootstrapUser;
import io.jpatroni.postgres.bootstrap.CustomBootstrap;
import io.jpatroni.postgres.bootstrap.InitdbOption;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.tls.PemKeyStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the Patroni YAML onto the postgres module's plain values (it knows nothing of the YAML). */
public final class PostgresSetup {
    private PostgresSetup() {
    }

    /**
     * @throws FatalException when a client key of {@code postgresql.authentication} cannot be read (jpatroni's own
     *                        connections would fail where libpq's work)
     */
    public static PostgresSettings settings(PatroniConfig config, EffectiveConfig effective) {
        PostgresqlConfig pg = config.postgresql();
        List<String> unreadable = unreadableClientKeys(pg);
        if (!unreadable.isEmpty()) {
            throw new FatalException(String.join("; ", unreadable));
        }
        Path dataDir = Path.of(pg.dataDir());
        int port = port(pg.listen());
        PostgresSettings.Builder b = PostgresSettings.builder(config.name(), config.scope(), dataDir, binDir(pg))
                .listen(hosts(pg.listen()), port)
                .connectHost(host(pg.connectAddress()))
                .parameters(SettingsResolver.stringValues(effective.parameters()))
                .pgHba(effective.pgHba().orElse(List.of()))
                .pgIdent(effective.pgIdent().orElse(List.of()))
                .pgpass(Path.of(pg.pgpass().orElse(System.getProperty("user.home") + "/pgpass")))
                .credentials(credentials(pg.authentication().superuser(), "postgres"),
                        credentials(pg.authentication().replication(), "replicator"),
                        pg.authentication().rewind().map(u -> credentials(Optional.of(u), u.username()))
                                .orElse(credentials(pg.authentication().superuser(), "postgres")))
                .pgCtlTimeout(SettingsResolver.pgCtlTimeout(pg))
                .recoveryParams(SettingsResolver.stringValues(effective.recoveryConf()))
                .rewindPolicy(new PostgresSettings.RewindPolicy(effective.usePgRewind(),
                        pg.removeDataDirectoryOnRewindFailure(), pg.removeDataDirectoryOnDivergedTimelines()));
        pg.customConf().map(Path::of).ifPresent(b::customConf);
        pg.configDir().map(Path::of).ifPresent(b::configDir);
        config.log().dir().map(d -> Path.of(d, "postgresql.log")).ifPresent(b::logFile);
        return b.build();
    }

    public static BootstrapSpec bootstrap(PatroniConfig config) {
        BootstrapConfig bc = config.bootstrap();
        List<InitdbOption> initdb = bc.initdb().stream()
                .map(o -> new InitdbOption(o.name(), o.value())).toList();
        List<BootstrapUser> users = new ArrayList<>();
        bc.users().forEach((name, u) -> users.add(new BootstrapUser(name,
                Optional.ofNullable(u.password()).filter(p -> !p.isEmpty()).map(p -> Password.of(p.reveal())),
                u.options())));
        return new BootstrapSpec(initdb, bc.pgHba(), users, bc.postBootstrap(), customMethod(bc));
    }

    /** {@code bootstrap.method} naming a section with a {@code command}: Patroni's custom bootstrap. */
    static Optional<CustomBootstrap> customMethod(BootstrapConfig bc) {
        Map<String, Object> section = bc.methods().get(bc.method());
        if ("initdb".equals(bc.method()) || section == null || !(section.get("command") instanceof String command)) {
            return Optional.empty();
        }
        Optional<Map<String, String>> recovery = Optional.ofNullable(section.get("recovery_conf"))
                .filter(Map.class::isInstance).map(m -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) m;
                    return SettingsResolver.stringValues(typed);
                });
        return Optional.of(new CustomBootstrap(bc.method(), command, truthy(section.get("no_params")),
                truthy(section.get("keep_existing_recovery_conf")), recovery));
    }

    private static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return v != null && List.of("on", "true", "yes", "1", "y", "t")
                .contains(String.valueOf(v).trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code postgresql.callbacks}: the command line of each configured action. */
    public static Map<CallbackAction, String> callbacks(PatroniConfig config) {
        Callbacks c = config.postgresql().callbacks();
        Map<CallbackAction, String> out = new java.util.EnumMap<>(CallbackAction.class);
        c.onStart().ifPresent(v -> out.put(CallbackAction.ON_START, v));
        c.onStop().ifPresent(v -> out.put(CallbackAction.ON_STOP, v));
        c.onRestart().ifPresent(v -> out.put(CallbackAction.ON_RESTART, v));
        c.onReload().ifPresent(v -> out.put(CallbackAction.ON_RELOAD, v));
        c.onRoleChange().ifPresent(v -> out.put(CallbackAction.ON_ROLE_CHANGE, v));
        return out;
    }

    /** {@code create_replica_methods} in order; basebackup (with its options) when none is configured. */
    public static List<ReplicaMethod> replicaMethods(PatroniConfig config) {
        return replicaMethods(config, config.postgresql().createReplicaMethods());
    }

    /**
     * The methods named in {@code names} (a standby cluster's {@code create_replica_methods}), each configured in
     * {@code postgresql}; basebackup (with its options) when none is usable.
     */
    public static List<ReplicaMethod> replicaMethods(PatroniConfig config, List<String> names) {
        PostgresqlConfig pg = config.postgresql();
        BasebackupOptions basebackup = basebackupOptions(pg);
        if (names.isEmpty()) {
            return List.of(ReplicaMethod.basebackup(basebackup));
        }
        List<ReplicaMethod> out = new ArrayList<>();
        for (String name : names) {
            if (ReplicaMethod.BASEBACKUP.equals(name)) {
                out.add(ReplicaMethod.basebackup(basebackup));
                continue;
            }
            var m = config.replicaMethod(name).orElse(null);
            if (m == null || m.command().isEmpty()) {
                continue;
            }
            out.add(ReplicaMethod.custom(name, m.command().get(), SettingsResolver.stringValues(m.options()),
                    m.keepData(),
                    m.noParams(), m.noLeader()));
        }
        return out.isEmpty() ? List.of(ReplicaMethod.basebackup(basebackup)) : List.copyOf(out);
    }

    private static BasebackupOptions basebackupOptions(PostgresqlConfig pg) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        pg.basebackup().forEach(o -> o.value().ifPresentOrElse(v -> options.put(o.name(), v),
                () -> flags.add(o.name())));
        // a new replica should not wait for a spread checkpoint on the leader (seconds on an idle cluster)
        options.putIfAbsent("checkpoint", "fast");
        return new BasebackupOptions(options, flags);
    }

    /** The user's name, password and libpq options (sslmode, sslcert... and sslpassword), as Patroni passes them. */
    static RoleCredentials credentials(Optional<PgUser> user, String defaultName) {
        return user.map(u -> new RoleCredentials(u.username(), u.password().map(p -> Password.of(p.reveal())),
                        new LibpqOptions(u.options(), u.sslpassword().map(p -> Password.of(p.reveal())))))
                .orElse(new RoleCredentials(defaultName, Optional.empty()));
    }

    /**
     * One message per {@code postgresql.authentication} user whose existing {@code sslcert} comes with a key
     * jpatroni's JDBC connections cannot read (missing, encrypted without {@code sslpassword}, a format libpq reads
     * but Java does not), naming the YAML path and the file.
     */
    static List<String> unreadableClientKeys(PostgresqlConfig pg) {
        List<String> out = new ArrayList<>();
        Map<String, Optional<PgUser>> users = new LinkedHashMap<>();
        users.put("superuser", pg.authentication().superuser());
        users.put("replication", pg.authentication().replication());
        users.put("rewind", pg.authentication().rewind());
        users.forEach((role, user) -> user.ifPresent(u -> {
            Optional<Path> cert = Optional.ofNullable(u.options().get("sslcert")).map(Path::of).filter(Files::exists);
            String key = u.options().get("sslkey");
            if (cert.isEmpty() || key == null) {
                return;
            }
            try {
                PemKeyStores.keyStore(cert.get(), Optional.of(Path.of(key)), u.sslpassword().map(p -> p.reveal()));
            } catch (IOException | GeneralSecurityException e) {
                out.add("postgresql.authentication." + role + ".sslkey: \"" + key + "\" cannot be used with "
                        + cert.get() + ": " + (e instanceof NoSuchFileException ? "no such file"
                        : e.getMessage()));
            }
        }));
        return out;
    }

    private static Path binDir(PostgresqlConfig pg) {
        if (pg.binDir().isPresent()) {
            return Path.of(pg.binDir().get());
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir).toAbsolutePath();
            }
        }
        return Path.of("/usr/lib/postgresql/15/bin");
    }

    static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1).trim());
    }

    static String hosts(String listen) {
        int colon = listen.lastIndexOf(':');
        String hosts = colon < 0 ? listen : listen.substring(0, colon);
        return hosts.isBlank() ? "*" : hosts;
    }

    static String host(String hostPort) {
        String first = hosts(hostPort).split(",")[0].trim();
        return first.equals("*") || first.equals("0.0.0.0") ? "127.0.0.1" : first;
    }
}
