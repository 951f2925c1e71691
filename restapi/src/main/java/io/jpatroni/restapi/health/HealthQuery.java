package io.jpatroni.restapi.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Query parameters of a health check.
 *
 * @param lag              {@code ?lag=} in bytes (an unparsable value is ignored, as Patroni does)
 * @param tags             {@code ?tag_<key>=<value>} filters, key without the prefix
 * @param replicationState {@code ?replication_state=} (e.g. {@code streaming})
 * @param mode             {@code ?mode=} for {@code /readiness}: compare the replayed (apply) or received (write) WAL
 */
public record HealthQuery(OptionalLong lag, Map<String, String> tags, Optional<String> replicationState, Mode mode) {

    public static final HealthQuery NONE = new HealthQuery(OptionalLong.empty(), Map.of(), Optional.empty(), Mode.APPLY);

    public enum Mode { APPLY, WRITE }

    public HealthQuery {
        tags = Map.copyOf(tags);
    }

    /** Builds a query from decoded parameters (first value of each key wins). */
    public static HealthQuery parse(Map<String, List<String>> params) {
        if (params.isEmpty()) {
            return NONE;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("tag_") && !v.isEmpty()) {
                tags.put(k.substring(4), v.get(0));
            }
        });
        OptionalLong lag = first(params, "lag").map(ByteSize::parse).orElse(OptionalLong.empty());
        Mode mode = first(params, "mode").filter("write"::equals).isPresent() ? Mode.WRITE : Mode.APPLY;
        return new HealthQuery(lag, tags, first(params, "replication_state"), mode);
    }

    private static Optional<String> first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
