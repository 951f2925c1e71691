package io.jpatroni.daemon.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.config.DynamicConfig;
import io.jpatroni.config.EffectiveConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.config.PostgresqlConfig;
import io.jpatroni.daemon.decision.CascadeSettings;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.SyncSettings;
import io.jpatroni.daemon.loop.SettingsSource;
import io.jpatroni.daemon.model.StandbyCluster;
import io.jpatroni.daemon.watchdog.WatchdogGuards;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.pycompat.PyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings in force, as Patroni computes them: the cluster's dynamic configuration (the DCS
 * {@code config} key; before the cluster has one, the cached {@code patroni.dynamic.json}, else
 * {@code bootstrap.dcs}) merged with the local file. SIGHUP swaps the local file.
 */
public final class SettingsResolver implements SettingsSource {
    private static final Logger log = LoggerFactory.getLogger(SettingsResolver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String DYNAMIC_CACHE = "patroni.dynamic.json";

    private final AtomicReference<PatroniConfig> local;
    private final UnsupportedDynamicKeys unsupported;
    private volatile DynamicConfig dynamic;
    private volatile HaSettings last;
    private volatile Runnable onDynamicChange = () -> { };
    private Computed computed;           // the settings last computed and what from (loop thread)
    private Map<String, Object> taken;   // the DCS config key's data that dynamic was last read from (loop thread)

    public SettingsResolver(PatroniConfig local) {
        this.local = new AtomicReference<>(local);
        this.unsupported = new UnsupportedDynamicKeys(local.bootstrap().dcs().toMap());
        this.dynamic = cached(Path.of(local.postgresql().dataDir())).orElse(local.bootstrap().dcs());
        this.last = toSettings(dynamic, local);
        unsupported.observe(dynamic.toMap());
    }

    public PatroniConfig local() {
        return local.get();
    }

    public void reload(PatroniConfig config) {
        local.set(config);
    }

    /**
     * Called (on the loop's thread) when the DCS {@code config} key brings a dynamic configuration that differs from
     * the one in force: Patroni then reloads its configuration ({@code reload_config} after
     * {@code set_dynamic_configuration}); what the HA decision does not own (pg_hba, pg_ident) is applied there.
     */
    public void onDynamicChange(Runnable listener) {
        this.onDynamicChange = listener;
    }

    public DynamicConfig dynamic() {
        return dynamic;
    }

    public EffectiveConfig effective() {
        return EffectiveConfig.merge(dynamic, local.get());
    }

    /** Settings for this cycle; with an empty cluster (DCS unreachable), the last known ones. */
    @Override
    public HaSettings settings(Optional<Cluster> cluster) {
        // the same key as last cycle (the usual case) is not parsed, compared or checked again
        cluster.flatMap(Cluster::config).filter(c -> !c.data().equals(taken)).ifPresent(c -> {
            taken = c.data();
            DynamicConfig next = DynamicConfig.fromMap(c.data());
            boolean changed = !next.toMap().equals(dynamic.toMap());
            dynamic = next;
            unsupported.observe(c.data());
            if (changed) {
                onDynamicChange.run();
            }
        });
        if (cluster.isPresent()) {
            // computed again only when the dynamic configuration or the local file was replaced
            DynamicConfig d = dynamic;
            PatroniConfig l = local.get();
            Computed c = computed;
            if (c == null || c.dynamic() != d || c.local() != l) {
                c = new Computed(d, l, toSettings(d, l));
                computed = c;
            }
            last = c.settings();
        }
        return last;
    }

    /** Settings and the two configurations they were computed from. */
    private record Computed(DynamicConfig dynamic, PatroniConfig local, HaSettings settings) {
    }

    /** The effective {@code postgresql.parameters} now, as PostgreSQL setting strings. */
    public Map<String, String> parameters() {
        return withSlotFeedback(stringValues(effective().parameters()), dynamic, local.get());
    }

    /** The effective {@code postgresql.use_slots} now. */
    public boolean useSlots() {
        return effective().useSlots();
    }

    /** {@code postgresql.pg_ctl_timeout} of the local file now. */
    public Duration pgCtlTimeout() {
        return pgCtlTimeout(local.get().postgresql());
    }

    /** {@code postgresql.pg_ctl_timeout}, 60 seconds when not set (Patroni's default). */
    public static Duration pgCtlTimeout(PostgresqlConfig postgresql) {
        return Duration.ofSeconds(postgresql.pgCtlTimeout().orElse(60));
    }

    /** Values as PostgreSQL setting strings: booleans are {@code on}/{@code off}, the rest as written. */
    public static Map<String, String> stringValues(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof Boolean bool ? (bool ? "on" : "off") : String.valueOf(v)));
        return out;
    }

    static HaSettings toSettings(DynamicConfig d, PatroniConfig local) {
        EffectiveConfig eff = EffectiveConfig.merge(d, local);
        return new HaSettings(local.name(), Duration.ofSeconds(d.ttl()), Duration.ofSeconds(d.loopWait()),
                Duration.ofSeconds(d.retryTimeout()), d.maximumLagOnFailover(),
                Duration.ofSeconds(d.primaryStartTimeout()), d.checkTimeline(), eff.usePgRewind(), eff.useSlots(),
                local.tags().nofailover(), local.tags().failoverPriority().orElse(1),
                withSlotFeedback(stringValues(eff.parameters()), d, local), d.failsafeMode(),
                replicaWithoutLeader(local), WatchdogGuards.guardSettings(local.watchdog()), syncSettings(d),
                StandbyCluster.of(d.standbyCluster()),
                new CascadeSettings(local.tags().replicatefrom(), local.tags().nostream(),
                        Duration.ofSeconds(d.memberSlotsTtl())));
    }

    /**
     * With permanent logical slots (and use_slots, and not nofailover), {@code hot_standby_feedback} is on, as
     * Patroni enforces it: the primary must keep the catalog rows a replica's copy of a logical slot still needs.
     */
    static Map<String, String> withSlotFeedback(Map<String, String> parameters, DynamicConfig d, PatroniConfig local) {
        boolean logical = EffectiveConfig.merge(d, local).useSlots() && !local.tags().nofailover()
                && d.slots().values().stream().anyMatch(v -> v instanceof Map<?, ?> m
                        && m.get("database") != null && m.get("plugin") != null
                        && !"physical".equals(String.valueOf(m.get("type"))));
        if (!logical) {
            return parameters;
        }
        Map<String, String> out = new LinkedHashMap<>(parameters);
        out.put("hot_standby_feedback", "on");
        return out;

    }

    /** {@code synchronous_mode} and its companions from the dynamic configuration. */
    static SyncSettings syncSettings(DynamicConfig d) {
        SyncSettings.Mode mode = switch (d.synchronousMode()) {
            case OFF -> SyncSettings.Mode.OFF;
            case ON -> SyncSettings.Mode.ON;
            case QUORUM -> SyncSettings.Mode.QUORUM;
        };
        return new SyncSettings(mode, d.synchronousModeStrict(), d.synchronousNodeCount(), d.maximumLagOnSyncnode());
    }

    /** Patroni's can_create_replica_without_replication_connection: a listed method with a command and no_leader. */
    static boolean replicaWithoutLeader(PatroniConfig local) {
        var pg = local.postgresql();
        return pg.createReplicaMethods().stream().filter(name -> !"basebackup".equals(name))
                .map(name -> pg.replicaMethods().get(name))
                .anyMatch(m -> m != null && m.command().isPresent() && m.noLeader());
    }

    /** Keeps {@code patroni.dynamic.json} in the data directory equal to the cluster's config (written atomically). */
    public void cacheInDataDirectory(Path dataDir) {
        if (!Files.isDirectory(dataDir) || !Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Path file = dataDir.resolve(DYNAMIC_CACHE);
        String json = PyJson.dumps(dynamic.toMap());
        try {
            if (Files.exists(file) && Files.readString(file).equals(json)) {
                return;
            }
            // mode 0600 whatever the umask, as Patroni's mkstemp makes it: the dynamic configuration may hold secrets
            Path tmp = dataDir.resolve(DYNAMIC_CACHE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, json);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not write {}: {}", file, e.getMessage());
        }
    }

    static Optional<DynamicConfig> cached(Path dataDir) {
        Path file = dataDir.resolve(DYNAMIC_CACHE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(file.toFile(), Map.class);
            return Optional.of(DynamicConfig.fromMap(map));
        } catch (IOException e) {
            log.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
