package io.jpatroni.postgres;

import io.jpatroni.postgres.bootstrap.CustomBootstrap;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.config.RecoveryConf;
import io.jpatroni.postgres.config.ResolvedParameters;
import io.jpatroni.postgres.config.ServerParameters;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.controldata.ControlDataParser;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import io.jpatroni.postgres.param.RecoverySensitive;
import io.jpatroni.postgres.process.PgCtl;
import io.jpatroni.postgres.process.PostmasterProbe;
import io.jpatroni.postgres.process.ProcessResult;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.sql.PostgresQueries;
import io.jpatroni.postgres.sql.RecoveryParams;
import io.jpatroni.postgres.sql.SettingInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start / stop / reload / promote and the configuration they write; state transitions live here. */
final class ServerControl {
    private static final Logger LOG = LoggerFactory.getLogger(ServerControl.class);
    private static final String SYNC_NAMES = "synchronous_standby_names";

    private final PostgresSettings settings;
    private final PgCtl pgCtl;
    private final ConfigFiles files;
    private final PostgresQueries queries;
    private final AtomicReference<PostgresState> state;
    private final Runnable disconnect;
    private final ParameterSource source;
    private volatile Map<String, String> parameters;
    private volatile Optional<StandbyConfig> standby = Optional.empty();
    /** The replica's recovery settings before a reload changed recovery_conf, until the next follow applies them. */
    private volatile Optional<Map<String, String>> recoveryBeforeReload = Optional.empty();
    private volatile List<RecoverySensitive.Raise> raised = List.of();
    /** synchronous_standby_names as the HA loop manages it (empty inside: none); empty: the parameters decide. */
    private volatile Optional<Optional<String>> managedSync = Optional.empty();
    private volatile boolean customBootstrap;

    ServerControl(PostgresSettings settings, PgCtl pgCtl, ConfigFiles files, PostgresQueries queries,
                  AtomicReference<PostgresState> state, Runnable disconnect, ParameterSource source) {
        this.settings = settings;
        this.pgCtl = pgCtl;
        this.files = files;
        this.queries = queries;
        this.state = state;
        this.disconnect = disconnect;
        this.source = source;
        this.parameters = settings.parameters();
    }

    Map<String, String> parameters() {
        return parameters;
    }

    /** The configured parameters with the managed synchronous_standby_names in place of the configured one. */
    private Map<String, String> configured() {
        return withManagedSync(parameters, managedSync);
    }

    private static Map<String, String> withManagedSync(Map<String, String> params,
                                                       Optional<Optional<String>> managed) {
        if (managed.isEmpty()) {
            return params;
        }
        Map<String, String> p = new java.util.LinkedHashMap<>(params);
        managed.get().ifPresentOrElse(v -> p.put(SYNC_NAMES, v), () -> p.remove(SYNC_NAMES));
        return p;
    }

    Optional<Optional<String>> managedSync() {
        return managedSync;
    }

    /**
     * The HA loop takes synchronous_standby_names over ({@code value}; empty inside: unset) or gives it back to the
     * configured parameters ({@code Optional.empty()}). A running server gets its files rewritten and a reload when
     * the effective value changed. True when it changed.
     */
    boolean manageSynchronousStandbyNames(Optional<Optional<String>> value) {
        ParameterCheck check = source.check();
        String before = source.resolve(configured(), check).conf().get(SYNC_NAMES);
        managedSync = value;
        String after = source.resolve(configured(), check).conf().get(SYNC_NAMES);
        if (Objects.equals(before, after)) {
            return false;
        }
        if (PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            reload();
            sleep(200); // postmaster re-reads the files asynchronously after SIGHUP
            LOG.info("synchronous_standby_names set to {}", after == null ? "''" : after);
        }
        return true;
    }

    ResolvedParameters resolved() {
        return source.resolve(configured());
    }

    /** Recovery-sensitive parameters the running replica was started with above the configuration. */
    List<RecoverySensitive.Raise> raised() {
        return raised;
    }

    /** A postmaster we did not start: learn whether it is a standby so follow() knows what to compare. */
    void adopt() {
        boolean replica = java.nio.file.Files.exists(settings.dataDir().resolve("standby.signal"))
                || java.nio.file.Files.exists(files.recoveryConf());
        standby = replica ? Optional.of(new StandbyConfig(Optional.empty(), Optional.empty(), Map.of()))
                : Optional.empty();
    }

    /** Writes every configuration file for {@code standbyConfig} with {@code params}, for {@code check}'s version. */
    private void write(ResolvedParameters params, Optional<StandbyConfig> standbyConfig, ParameterCheck check) {
        Optional<RecoveryConf.Rendered> recovery = standbyConfig.map(s -> files.recoveryParameters(s, params, check));
        recovery.ifPresent(r -> source.logOnce(r.adjustments()));
        files.writeAll(params, recovery, check.version());
    }

    /**
     * A replica starts with the recovery-sensitive parameters raised to what pg_controldata says the primary ran
     * with (Patroni's effective_configuration), or recovery would abort at once.
     */
    private ResolvedParameters forReplica(ResolvedParameters params, MajorVersion version) {
        List<RecoverySensitive.Raise> up;
        try {
            up = RecoverySensitive.raises(params.conf(), ControlDataParser.parse(pgCtl.controlData()), version);
        } catch (RuntimeException e) {
            LOG.warn("cannot compare the recovery-sensitive parameters with pg_controldata: {}", e.getMessage());
            up = List.of();
        }
        Map<String, String> changed = new java.util.TreeMap<>();
        up.forEach(r -> {
            LOG.info("{}", r.message());
            changed.put(r.parameter(), r.primary());
        });
        raised = up;
        return changed.isEmpty() ? params : params.withConf(changed);
    }

    void start(Optional<StandbyConfig> standbyConfig) {
        PgCtl.checkBinDir(settings, "pg_ctl", "postgres");
        if (PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            throw new PostgresException("cannot start: a postmaster is already running on " + settings.dataDir());
        }
        if (!new DataDirectory(settings.dataDir()).hasCluster()) {
            throw new PostgresException("cannot start: " + settings.dataDir()
                    + " holds no PostgreSQL cluster (PG_VERSION or global/pg_control missing)");
        }
        ParameterCheck check = source.check();
        ResolvedParameters eff = source.resolve(configured(), check);
        raised = List.of();
        if (standbyConfig.isPresent()) {
            eff = forReplica(eff, check.version());
        }
        write(eff, standbyConfig, check);
        files.writeStandbySignal(standbyConfig.isPresent(), check.version());
        standbyConfig.flatMap(StandbyConfig::primary).ifPresent(p -> files.writePgpass(List.of(p)));
        standby = standbyConfig;
        recoveryBeforeReload = Optional.empty();
        disconnect.run(); // connections to a previous postmaster are dead
        state.set(PostgresState.STARTING);
        LOG.info("starting PostgreSQL on {} as {}", settings.dataDir(), standbyConfig.isPresent() ? "replica"
                : "primary");
        try {
            pgCtl.start(ServerParameters.commandLine(eff.conf()), settings.pgCtlTimeout());
        } catch (PostgresException e) {
            if (standbyConfig.isPresent() && PostmasterProbe.probe(settings.dataDir()).isRunning()) {
                // a replica still replaying WAL (e.g. after pg_rewind, or its leader is down): leave it
                // starting, as Patroni does; status() reports RUNNING once it accepts connections
                LOG.warn("replica is not accepting connections after {}s, leaving it starting: {}",
                        settings.pgCtlTimeout().toSeconds(), e.getMessage());
                return;
            }
            state.set(PostgresState.START_FAILED);
            if (PostmasterProbe.probe(settings.dataDir()).isRunning()) {
                stopQuietly(); // started but never became ready: do not leave it half-up
            }
            throw e;
        }
        state.set(PostgresState.RUNNING);
        files.saveConfigurationFiles();
    }

    /**
     * The first start after a custom bootstrap's command: parameters raised to the restored pg_control's, hot_standby
     * off when Patroni turns it off ({@link CustomBootstrap#hotStandbyOff}), the method's {@code recovery_conf} with
     * recovery.signal (standby.signal with standby_mode), or no recovery files at all unless kept; pg_hba.conf
     * trusts local connections until {@link #endCustomBootstrap}. A server still recovering when pg_ctl stops
     * waiting is left starting.
     */
    void startAfterRestore(CustomBootstrap method) {
        if (!new DataDirectory(settings.dataDir()).hasCluster()) {
            throw new PostgresException("the custom bootstrap left no PostgreSQL cluster in " + settings.dataDir()
                    + " (PG_VERSION or global/pg_control missing)");
        }
        ParameterCheck check = source.check();
        ResolvedParameters eff = forReplica(source.resolve(parameters, check), check.version());
        if (method.hotStandbyOff()) {
            eff = eff.withConf(Map.of("hot_standby", "off"));
        }
        Map<String, String> rc = method.recoveryConf().orElse(Map.of());
        boolean standbyMode = rc.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("standby_mode")
                && io.jpatroni.postgres.param.ParameterRule.parseBool(e.getValue()).orElse(false));
        Optional<RecoveryConf.Rendered> recovery = rc.isEmpty() ? Optional.empty()
                : Optional.of(RecoveryConf.render(rc, check));
        recovery.ifPresent(r -> source.logOnce(r.adjustments()));
        boolean v12 = check.version().isAtLeast(MajorVersion.V12);
        if (recovery.isPresent() || !method.keepExistingRecoveryConf() || v12) {
            files.writeAll(eff, recovery, check.version());
        }
        files.writeTrustHba(settings.connectHost());
        java.nio.file.Path dir = settings.dataDir();
        if (recovery.isPresent()) {
            if (v12) {
                files.writeSignal(standbyMode ? "standby.signal" : "recovery.signal", true);
                files.writeSignal(standbyMode ? "recovery.signal" : "standby.signal", false);
            }
        } else if (!method.keepExistingRecoveryConf()) {
            files.writeSignal("standby.signal", false);
            files.writeSignal("recovery.signal", false);
            files.writeSignal(RecoveryConf.FILE, false);
        }
        standby = Optional.empty();
        customBootstrap = true;
        disconnect.run();
        state.set(PostgresState.STARTING);
        LOG.info("starting PostgreSQL on {} after custom bootstrap{}", dir, recovery.isPresent()
                ? " (recovery: " + String.join(", ", recovery.get().params().keySet()) + ")" : "");
        try {
            pgCtl.start(ServerParameters.commandLine(eff.conf()), settings.pgCtlTimeout());
        } catch (PostgresException e) {
            if (PostmasterProbe.probe(dir).isRunning()) {
                LOG.warn("PostgreSQL is still recovering after {}s, leaving it starting: {}",
                        settings.pgCtlTimeout().toSeconds(), e.getMessage());
                return;
            }
            state.set(PostgresState.START_FAILED);
            throw e;
        }
        state.set(PostgresState.RUNNING);
    }

    /**
     * After post_bootstrap: the configured pg_hba (or the restored file, saved before the trust lines replaced it),
     * postgresql.conf without recovery settings or hot_standby = off, no recovery files; then a restart when a
     * parameter needs one, a reload otherwise.
     */
    void endCustomBootstrap() {
        customBootstrap = false;
        if (files.pgHba().isEmpty()) {
            files.restoreHbaFromBackup();
        }
        ParameterCheck check = source.check();
        ResolvedParameters eff = source.resolve(parameters, check);
        write(eff, Optional.empty(), check);
        files.writeSignal("standby.signal", false);
        files.writeSignal("recovery.signal", false);
        files.writeSignal(RecoveryConf.FILE, false);
        boolean restart = "off".equals(queries.currentSetting("hot_standby")) && !"off".equals(
                eff.conf().getOrDefault("hot_standby", "on"));
        if (restart || !raised.isEmpty()) {
            LOG.info("restarting PostgreSQL after the custom bootstrap to apply its configuration");
            raised = List.of();
            stop(StopMode.FAST, settings.pgCtlTimeout());
            start(Optional.empty());
        } else {
            pgCtl.reload();
            disconnect.run(); // reconnect with the new password and pg_hba
        }
    }

    boolean inCustomBootstrap() {
        return customBootstrap;
    }

    void stop(StopMode first, Duration timeout) {
        if (!PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            state.set(PostgresState.STOPPED);
            return;
        }
        state.set(PostgresState.STOPPING);
        disconnect.run(); // our own sessions must not hold a smart shutdown
        ProcessResult last = null;
        for (StopMode mode : StopMode.values()) {
            if (mode.compareTo(first) < 0) {
                continue;
            }
            last = pgCtl.tryStop(mode, timeout);
            if (last.succeeded() || !PostmasterProbe.probe(settings.dataDir()).isRunning()) {
                state.set(PostgresState.STOPPED);
                LOG.info("PostgreSQL stopped ({})", mode.pgCtlName());
                return;
            }
            LOG.warn("{} shutdown did not finish within {}s (pg_ctl exit code {}), escalating", mode.pgCtlName(),
                    timeout.toSeconds(), last.exitCode());
        }
        state.set(PostgresState.STOP_FAILED);
        throw new PostgresException("stopping PostgreSQL failed even in immediate mode: " + last.outputTail());
    }

    void stopQuietly() {
        try {
            stop(StopMode.IMMEDIATE, settings.pgCtlTimeout());
        } catch (PostgresException e) {
            LOG.error("could not stop PostgreSQL: {}", e.getMessage());
        }
    }

    void restart(StopMode mode) {
        try {
            stop(mode, settings.pgCtlTimeout());
            start(standby);
        } catch (PostgresException e) {
            state.set(PostgresState.RESTART_FAILED);
            throw e;
        }
    }

    void reload() {
        ParameterCheck check = source.check();
        write(source.resolve(configured(), check), standby, check);
        pgCtl.reload();
    }

    FollowResult follow(StandbyConfig next) {
        if (!PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            start(Optional.of(next));
            return FollowResult.STARTED;
        }
        boolean inRecovery = queries.isInRecovery();
        if (!inRecovery) {
            LOG.info("demoting: restarting as a replica of {}", next.primary().map(Object::toString).orElse("-"));
            stop(StopMode.FAST, settings.pgCtlTimeout());
            start(Optional.of(next));
            return FollowResult.RESTARTED;
        }
        ParameterCheck check = source.check();
        ResolvedParameters eff = source.resolve(configured(), check);
        Map<String, String> after = files.recoveryParameters(next, eff, check).params();
        // after adoption we do not know what the running postmaster follows: ask it (before 12 it cannot tell,
        // its recovery.conf is read at start only: restart)
        Optional<Map<String, String>> reloaded = recoveryBeforeReload;
        recoveryBeforeReload = Optional.empty();
        Map<String, String> before = reloaded.or(() -> standby.filter(s -> s.primary().isPresent()
                        || s.slotName().isPresent()).map(s -> files.recoveryParameters(s, eff, check).params()))
                .orElseGet(() -> check.version().isAtLeast(MajorVersion.V12) ? currentSettings(after.keySet())
                        : Map.of());
        if (before.equals(after)) {
            if (!standby.equals(Optional.of(next))) { // adopted, or same settings with other credentials
                standby = Optional.of(next);
                next.primary().ifPresent(p -> files.writePgpass(List.of(p)));
                write(eff, standby, check);
            }
            return FollowResult.UNCHANGED;
        }
        if (RecoveryParams.needsRestart(before, after, check.version().num())) {
            stop(StopMode.FAST, settings.pgCtlTimeout());
            start(Optional.of(next));
            return FollowResult.RESTARTED;
        }
        standby = Optional.of(next);
        next.primary().ifPresent(p -> files.writePgpass(List.of(p)));
        reload();
        return FollowResult.RELOADED;
    }

    private Map<String, String> currentSettings(Set<String> names) {
        Map<String, String> current = new java.util.TreeMap<>();
        names.forEach(n -> current.put(n, queries.currentSetting(n)));
        return current;
    }

    void promote(Duration timeout) {
        if (!queries.isInRecovery()) {
            LOG.info("PostgreSQL is already a primary");
            return;
        }
        pgCtl.promote(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queries.isInRecovery()) {
            if (System.nanoTime() > deadline) {
                throw new PostgresException("PostgreSQL still in recovery " + timeout.toSeconds()
                        + "s after pg_ctl promote");
            }
            sleep(100);
        }
        standby = Optional.empty();
        raised = List.of();
        ParameterCheck check = source.check();
        write(source.resolve(configured(), check), standby, check);
        queries.checkpoint();
        LOG.info("promoted; timeline {}", queries.walPosition().timeline());
    }

    /**
     * See {@link Postgres#changeRecoveryConf}: a running replica's settings as written now are remembered, so that
     * the next {@link #follow} compares the new ones with them (reload, or restart when one needs it).
     */
    boolean changeRecoveryConf(Map<String, String> next) {
        if (next.equals(source.recoveryParams())) {
            return false;
        }
        Optional<StandbyConfig> current = standby;
        boolean running = PostmasterProbe.probe(settings.dataDir()).isRunning();
        if (current.isPresent() && running && recoveryBeforeReload.isEmpty()) {
            ParameterCheck check = source.check();
            recoveryBeforeReload = Optional.of(files.recoveryParameters(current.get(),
                    source.resolve(configured(), check), check).params());
        }
        source.recoveryParams(next);
        return current.isPresent() && running;
    }

    /** See {@link Postgres#changeHbaAndIdent}. */
    boolean changeHbaAndIdent(List<String> hba, List<String> ident, boolean reloadNow) {
        boolean changed = files.replaceHbaAndIdent(hba, ident, source.resolve(configured()));
        if (!changed || !reloadNow || !PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            return false;
        }
        LOG.info("Reloading PostgreSQL configuration.");
        reload();
        return true;
    }

    /**
     * Replaces the configured parameters. A stopped server only remembers them (its next start writes the files: the
     * data directory may not even exist yet); a running one gets its files rewritten and a reload.
     */
    ParameterChange changeParameters(Map<String, String> next) {
        ParameterCheck check = source.check();
        Map<String, String> oldEff = source.resolve(configured(), check).conf();
        Map<String, String> newEff = source.resolve(withManagedSync(next, managedSync), check).conf();
        Set<String> changed = new HashSet<>(oldEff.keySet());
        changed.addAll(newEff.keySet());
        changed.removeIf(k -> Objects.equals(oldEff.get(k), newEff.get(k)));
        parameters = Map.copyOf(next);
        if (!PostmasterProbe.probe(settings.dataDir()).isRunning()) {
            return new ParameterChange(changed, false, Set.of());
        }
        LOG.info("Reloading PostgreSQL configuration.");
        reload();
        Set<String> pending = new HashSet<>();
        Map<String, SettingInfo> info = new HashMap<>();
        sleep(200); // postmaster re-reads the files asynchronously after SIGHUP
        queries.settings(changed).forEach(s -> info.put(s.name(), s));
        for (String name : changed) {
            SettingInfo s = info.get(name);
            if (s != null && (s.needsRestart() || s.pendingRestart())) {
                pending.add(name);
            }
        }
        LOG.info("changed parameters {}; pending restart: {}", changed, pending);
        return new ParameterChange(changed, true, pending);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException("interrupted", e);
        }
    }

}
