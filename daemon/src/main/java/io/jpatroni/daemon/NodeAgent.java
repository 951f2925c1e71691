package io.jpatroni.daemon;

import io.jpatroni.config.ConfigSource;
import io.jpatroni.config.EtcdConfig;
import io.jpatroni.config.LoadedConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.config.RestApiConfig;
import io.jpatroni.config.Secret;
import io.jpatroni.config.ZooKeeperConfig;
import io.jpatroni.daemon.callbacks.CallbackRunner;
import io.jpatroni.daemon.callbacks.Lifecycle;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.logging.LogSetup;
import io.jpatroni.daemon.loop.ActionExecutor;
import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.loop.Failsafe;
import io.jpatroni.daemon.loop.FailsafePeers;
import io.jpatroni.daemon.loop.HaLoop;
import io.jpatroni.daemon.loop.Leadership;
import io.jpatroni.daemon.loop.LocalStateAssembler;
import io.jpatroni.daemon.loop.LoopWakeup;
import io.jpatroni.daemon.loop.RestartSchedule;
import io.jpatroni.daemon.metrics.DaemonMetrics;
import io.jpatroni.daemon.metrics.MeteredDcs;
import io.jpatroni.daemon.mgmt.ManagementService;
import io.jpatroni.daemon.mgmt.Restarts;
import io.jpatroni.daemon.postgres.FencingHooks;
import io.jpatroni.daemon.postgres.PostgresNode;
import io.jpatroni.daemon.postgres.PostgresSetup;
import io.jpatroni.daemon.publish.CyclePublisher;
import io.jpatroni.daemon.rest.FailsafeEndpoint;
import io.jpatroni.daemon.rest.RestFailsafePeers;
import io.jpatroni.daemon.rest.RestPeerProbe;
import io.jpatroni.daemon.rest.SnapshotPublisher;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.daemon.watchdog.WatchdogGuards;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.ZooKeeperSettings;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresTimeouts;
import io.jpatroni.postgres.process.SystemProcessRunner;
import io.jpatroni.restapi.RestApiServer;
import io.jpatroni.restapi.RestApiSettings;
import io.jpatroni.restapi.mgmt.FailsafeRoutes;
import io.jpatroni.restapi.mgmt.ManagementRoutes;
import io.jpatroni.restclient.ClientSettings;
import io.jpatroni.restclient.PatroniApiClient;
import io.jpatroni.watchdog.DeviceFactory;
import io.jpatroni.watchdog.fence.BootClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The node agent wired by hand: DCS, PostgreSQL, HA loop, REST API, signals. */
final class NodeAgent {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final ConfigSource configSource;
    private final SettingsResolver resolver;
    private final Dcs dcs;
    private final Postgres postgres;
    private final PostgresNode node;
    private final Leadership leadership;
    private final AsyncTaskRunner tasks;
    private final PatroniApiClient peers;
    private final RestApiServer rest;
    private final HaLoop loop;
    private final WatchdogGuards guards;

    NodeAgent(PatroniConfig config, ConfigSource configSource) throws Exception {
        Clock clock = Clock.systemUTC();
        this.configSource = configSource;
        this.resolver = new SettingsResolver(config);
        HaSettings settings = resolver.settings(Optional.empty());
        DaemonMetrics metrics = new DaemonMetrics();
        this.dcs = MeteredDcs.wrap(openDcs(config, (int) settings.ttl().toSeconds(), settings.retryTimeout()),
                metrics);
        SystemProcessRunner runner = new SystemProcessRunner();
        this.postgres = Postgres.create(PostgresSetup.settings(config, resolver.effective()),
                runner, PostgresTimeouts.defaults());
        FencingHooks hooks = new FencingHooks(runner, () -> resolver.local().postgresql().prePromote(),
                () -> resolver.local().postgresql().beforeStop());
        CallbackRunner callbacks = new CallbackRunner(PostgresSetup.callbacks(config), config.scope(),
                Optional.empty());
        this.node = new PostgresNode(postgres, PostgresSetup.bootstrap(config), PostgresSetup.replicaMethods(config),
                resolver, new Lifecycle(PostgresNode.initialRole(postgres), callbacks::call), hooks);
        Path dataDir = Path.of(config.postgresql().dataDir());
        this.guards = new WatchdogGuards(() -> resolver.local().watchdog(), settings, home(), dataDir,
                DeviceFactory.system(), BootClock.system());
        this.leadership = new Leadership(clock);
        RestApiConfig api = config.restapi();
        String scheme = api.certfile().isPresent() ? "https" : "http";
        String connUrl = "postgres://" + config.postgresql().connectAddress() + "/postgres";
        String apiUrl = scheme + "://" + api.connectAddress() + "/patroni";
        Failsafe failsafe = new Failsafe(apiUrl);
        SnapshotPublisher snapshot = new SnapshotPublisher(config.name(), config.scope(), leadership, clock,
                settings.ttl(), failsafe);
        leadership.onLost(snapshot::lockLost);
        snapshot.watchdogHealth(guards::isHealthy);
        LoopWakeup wakeup = new LoopWakeup();
        this.tasks = AsyncTaskRunner.background(clock, wakeup::wakeUp);
        this.peers = new PatroniApiClient(clientSettings(config));
        RestartSchedule restartSchedule = new RestartSchedule();
        ActionExecutor executor = new ActionExecutor(dcs, node, tasks, leadership, restartSchedule,
                () -> resolver.dynamic().toMap(), clock, failsafe, guards);
        LocalStateAssembler assembler = new LocalStateAssembler(node, tasks,
                new RestPeerProbe(peers, Duration.ofSeconds(2)), leadership, restartSchedule, clock, failsafe,
                new RestFailsafePeers(peers, config.name(), connUrl, apiUrl, FailsafePeers.TIMEOUT), guards);
        CyclePublisher publisher = new CyclePublisher(resolver, dcs, node, restartSchedule, snapshot, connUrl,
                apiUrl);
        this.loop = new HaLoop(dcs, node, executor, assembler, resolver, publisher, wakeup, clock, failsafe, guards,
                metrics);
        this.rest = new RestApiServer(restSettings(api), snapshot, clock, metrics);
        FailsafeRoutes.register(rest, new FailsafeEndpoint(failsafe,
                () -> resolver.settings(Optional.empty()).failsafeMode(), snapshot, clock));
        Restarts restarts = new Restarts(node, tasks, restartSchedule, clock, resolver::pgCtlTimeout);
        ManagementRoutes.register(rest, new ManagementService(dcs, config.name(), node, tasks, restarts,
                () -> resolver.settings(Optional.empty()).loopWait(), wakeup::wakeUp, this::reload, clock));
        resolver.onDynamicChange(() -> applyFiles(true));
    }

    /** The configuration's etcd3 (or etcd) section, else its zookeeper section (the loader made sure of one). */
    private static Dcs openDcs(PatroniConfig config, int ttl, Duration retryTimeout) {
        if (config.etcd().isPresent()) {
            return DcsFactory.etcd3(etcdSettings(config.etcd().get()), config.namespace(), config.scope(),
                    config.name(), ttl, retryTimeout);
        }
        ZooKeeperConfig zookeeper = config.zookeeper().orElseThrow();
        return DcsFactory.zooKeeper(new ZooKeeperSettings(zookeeper.hosts()), config.namespace(), config.scope(),
                config.name(), ttl, retryTimeout);
    }

    private static Etcd3Settings etcdSettings(EtcdConfig etcd) {
        return Etcd3Settings.of(etcd.hosts(), etcd.protocol(), etcd.username(), etcd.password().map(Secret::reveal),
                etcd.cacert(), etcd.cert(), etcd.key());
    }

    /** Runs until SIGTERM/SIGINT; returns the process exit code. */
    int run() {
        rest.start();
        Signal.handle(new Signal("TERM"), s -> loop.stop());
        Signal.handle(new Signal("INT"), s -> loop.stop());
        if (Signal.handle(new Signal("HUP"), s -> reload()) == SignalHandler.SIG_IGN) {
            // the JVM leaves a signal ignored at start (nohup) ignored and says nothing (bin/jpatroni resets it)
            log.warn("SIGHUP is ignored by this process (started under nohup?): reload with POST /reload or "
                    + "jpatronictl reload");
        }
        try {
            loop.run();
            shutdown();
            return 0;
        } finally {
            close();
        }
    }

    /**
     * Patroni's shutdown: stop PostgreSQL (fast), then release the leader key if it is still ours. The watchdog and
     * the fence stop counting once PostgreSQL is down; if it could not be stopped they are left counting, so that a
     * primary nobody renews the lock of is stopped (fence) or its machine reset (device) before another node leads.
     */
    private void shutdown() {
        boolean wasLeader = leadership.holdsValidLock();
        leadership.lost();
        OptionalLong lastLsn = OptionalLong.empty();
        try {
            var obs = node.observe();
            if (obs.isRunning() && !obs.inRecovery()) {
                lastLsn = OptionalLong.of(obs.walPosition());
            }
            postgres.cancelLongOperation();
            node.stop();
        } catch (RuntimeException e) {
            log.error("Failed to stop PostgreSQL: {}", e.getMessage());
        }
        if (stillRunning()) {
            log.error("PostgreSQL shutdown failed, leader key not removed.{}",
                    guards.isRunning() ? " Leaving watchdog running." : "");
            guards.abandon();
            return;
        }
        guards.close();
        if (wasLeader) {
            try {
                if (dcs.deleteLeader(lastLsn)) {
                    log.info("Leader key released");
                }
            } catch (DcsUnavailableException e) {
                log.warn("Could not release the leader key: {}", e.getMessage());
            }
        }
    }

    private boolean stillRunning() {
        try {
            return node.observe().isRunning();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * The jpatroni installation ({@code bin/jpatroni} passes {@code -Djpatroni.home}); without it, the directory two
     * levels above the daemon's jar ({@code daemon/target/jpatroni.jar}).
     */
    static Path home() {
        String property = System.getProperty("jpatroni.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path jar = Path.of(NodeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        } catch (Exception e) {
            return Path.of(".");
        }
    }

    private void reload() {
        log.info("Reloading configuration from {}", configSource.describe(System.getenv()));
        LoadedConfig loaded = configSource.load(System.getenv());
        if (!loaded.isValid()) {
            loaded.errors().forEach(p -> log.error("{}", p.render()));
            log.error("Configuration not reloaded: fix the errors above");
            return;
        }
        LogSetup.apply(loaded.config().log());
        loaded.warnings().forEach(w -> log.warn("{}", w.render()));
        resolver.reload(loaded.config());
        try {
            rest.reload(restSettings(loaded.config().restapi()));
        } catch (RuntimeException e) {
            log.error("Failed to reload the REST API configuration: {}", e.getMessage());
        }
        try {
            peers.reload(clientSettings(loaded.config()));
        } catch (java.io.IOException | java.security.GeneralSecurityException | RuntimeException e) {
            log.error("Failed to reload the REST client configuration: {}", e.getMessage());
        }
        if (loaded.config().etcd().isPresent()) {
            try {
                dcs.reconnect(etcdSettings(loaded.config().etcd().get()));
            } catch (RuntimeException e) {
                log.error("Failed to reload the etcd client configuration: {}", e.getMessage());
            }
        }
        applyFiles(false);   // written by applyParameters below, one PostgreSQL reload for both
        try {
            node.applyParameters(resolver.parameters());
        } catch (RuntimeException e) {
            log.warn("Could not apply the new PostgreSQL parameters: {}", e.getMessage());
        }
        loop.wakeUp();
    }

    /**
     * pg_hba / pg_ident and recovery_conf of the local file, else of the dynamic configuration, as Patroni merges
     * them.
     */
    private void applyFiles(boolean reloadNow) {
        try {
            var effective = resolver.effective();
            node.applyHbaAndIdent(effective.pgHba().orElse(java.util.List.of()),
                    effective.pgIdent().orElse(java.util.List.of()), reloadNow);
            node.applyRecoveryConf(SettingsResolver.stringValues(effective.recoveryConf()));
        } catch (RuntimeException e) {
            log.warn("Could not apply the new pg_hba / pg_ident / recovery_conf: {}", e.getMessage());
        }
    }

    private void close() {
        rest.close();
        tasks.close();
        peers.close();
        postgres.close();
        dcs.close();
    }


    static RestApiSettings restSettings(RestApiConfig api) {
        RestApiSettings s = RestApiSettings.listen(api.listen());
        if (api.certfile().isPresent()) {
            s = s.withTls(Path.of(api.certfile().get()), api.keyfile().map(Path::of),
                    api.keyfilePassword().map(p -> p.reveal()));
        }
        if (api.cafile().isPresent()) {
            s = s.withClientVerification(Path.of(api.cafile().get()),
                    RestApiSettings.VerifyClient.parse(api.verifyClient().name().toLowerCase(Locale.ROOT)));
        }
        if (api.authentication().isPresent()) {
            s = s.withAuth(api.authentication().get().username(), api.authentication().get().password().reveal());
        }
        return s.withExtraHeaders(strings(api.httpExtraHeaders()), strings(api.httpsExtraHeaders()))
                .withAllowlist(api.allowlist(), api.allowlistIncludeMembers());
    }

    /**
     * Calls to other members: ctl certificates first, as Patroni does, else the REST API's own; the credentials of
     * {@code ctl.authentication}, else {@code restapi.authentication}.
     */
    static ClientSettings clientSettings(PatroniConfig config) {
        ClientSettings s = ClientSettings.defaults().withInsecure(config.ctl().insecure());
        Optional<String> ca = config.ctl().cacert().or(() -> config.restapi().cafile());
        if (ca.isPresent()) {
            s = s.withCa(Path.of(ca.get()));
        }
        Optional<String> cert = config.ctl().certfile().or(() -> config.restapi().certfile());
        if (cert.isPresent()) {
            Optional<String> key = config.ctl().certfile().isPresent() ? config.ctl().keyfile()
                    : config.restapi().keyfile();
            s = s.withClientCertificate(Path.of(cert.get()), key.map(Path::of),
                    config.ctl().keyfilePassword().or(() -> config.restapi().keyfilePassword()).map(p -> p.reveal()));
        }
        var auth = config.ctl().authentication().or(() -> config.restapi().authentication());
        if (auth.isPresent()) {   // a member's POST /failsafe passes the others' access check, as Patroni's does
            s = s.withAuth(auth.get().username(), auth.get().password().reveal());
        }
        return s;
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
