package io.jpatroni.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide dynamic configuration: {@code bootstrap.dcs}, the DCS {@code config} key and
 * {@code patroni.dynamic.json}. Typed values carry Patroni's defaults and adjustments;
 * {@link #toMap()} gives back the map it was read from, key order and unknown keys included.
 */
public record DynamicConfig(
        int ttl,
        int loopWait,
        int retryTimeout,
        long maximumLagOnFailover,
        long maximumLagOnSyncnode,
        int maxTimelinesHistory,
        int primaryStartTimeout,
        int primaryStopTimeout,
        SynchronousMode synchronousMode,
        boolean synchronousModeStrict,
        int synchronousNodeCount,
        boolean failsafeMode,
        boolean checkTimeline,
        int memberSlotsTtl,
        boolean pause,
        Map<String, Object> slots,
        List<Object> ignoreSlots,
        Optional<Map<String, Object>> standbyCluster,
        DynamicPostgresql postgresql,
        Map<String, Object> raw) {

    public DynamicConfig {
        slots = Maps.frozen(slots);
        ignoreSlots = List.copyOf(ignoreSlots);
        standbyCluster = standbyCluster.map(Maps::frozen);
        raw = Maps.frozen(raw);
    }

    /** Patroni's defaults (ttl 30, loop_wait 10, retry_timeout 10, ...). */
    public static DynamicConfig defaults() {
        return fromMap(Map.of());
    }

    /** Reads a dynamic configuration tolerantly (as from the DCS): bad values fall back to defaults. */
    public static DynamicConfig fromMap(Map<String, ?> map) {
        return DynamicConfigReader.read(Maps.mutable(map), "", new Problems());
    }

    /** Like {@link #fromMap} and also returns what was wrong or adjusted, paths under {@code basePath}. */
    public static LoadedDynamicConfig validate(Map<String, ?> map, String basePath) {
        Problems problems = new Problems();
        DynamicConfig config = DynamicConfigReader.read(Maps.mutable(map), basePath, problems);
        return new LoadedDynamicConfig(config, problems.errors(), problems.warnings());
    }

    /** The map this configuration was read from (unmodifiable, in its original key order). */
    public Map<String, Object> toMap() {
        return raw;
    }

    /** A new configuration with {@code patch} merged in; a null value removes a key (as PATCH /config does). */
    public DynamicConfig patched(Map<String, ?> patch) {
        return fromMap(Maps.merge(raw, patch, true));
    }

    /** A dynamic configuration with the problems found while reading it. */
    public record LoadedDynamicConfig(DynamicConfig config, List<ConfigProblem> errors,
                                      List<ConfigProblem> warnings) {
    }

    @Override
    public String toString() {
        return "DynamicConfig" + Maps.masked(raw);
    }
}
