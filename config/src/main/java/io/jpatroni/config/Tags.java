package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code tags} section: Patroni's standard tags plus any custom ones. */
public record Tags(
        boolean nofailover,
        Optional<Integer> failoverPriority,
        boolean noloadbalance,
        boolean clonefrom,
        boolean nosync,
        boolean nostream,
        Optional<String> replicatefrom,
        Map<String, Object> custom) {

    private static final List<String> STANDARD = List.of("nofailover", "failover_priority", "noloadbalance",
            "clonefrom", "nosync", "nostream", "replicatefrom");

    public Tags {
        custom = Maps.frozen(custom);
    }

    public static Tags none() {
        return new Tags(false, Optional.empty(), false, false, false, false, Optional.empty(), Map.of());
    }

    /** The tags as a member publishes them: standard boolean tags only when true, custom tags as written. */
    public Map<String, Object> published() {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfTrue(out, "nofailover", nofailover);
        failoverPriority.ifPresent(p -> out.put("failover_priority", p));
        putIfTrue(out, "noloadbalance", noloadbalance);
        putIfTrue(out, "clonefrom", clonefrom);
        putIfTrue(out, "nosync", nosync);
        putIfTrue(out, "nostream", nostream);
        replicatefrom.ifPresent(r -> out.put("replicatefrom", r));
        out.putAll(custom);
        return out;
    }

    /** Patroni 4's {@code sync_priority} tag (a custom tag to Patroni 3): 0 with {@code nosync}, 1 by default. */
    public int syncPriority() {
        if (nosync) {
            return 0;
        }
        Object p = custom.get("sync_priority");
        if (p instanceof Number n) {
            return n.intValue();
        }
        try {
            return p == null ? 1 : Integer.parseInt(p.toString().trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void putIfTrue(Map<String, Object> out, String key, boolean value) {
        if (value) {
            out.put(key, true);
        }
    }

    static Tags read(Section s) {
        Map<String, Object> custom = new LinkedHashMap<>(s.asMap());
        STANDARD.forEach(custom::remove);
        Optional<Integer> priority = s.integer("failover_priority");
        priority.filter(p -> p < 0).ifPresent(p ->
                s.problems().error(s.pathOf("failover_priority"), p, "must be at least 0"));
        if (priority.isPresent() && s.has("nofailover")) {
            s.problems().warnAt(s.pathOf("failover_priority"), "set only one of nofailover and failover_priority"
                    + " (nofailover: true means priority 0, false means priority 1)");
        }
        return new Tags(s.bool("nofailover", false), priority.filter(p -> p >= 0),
                s.bool("noloadbalance", false), s.bool("clonefrom", false), s.bool("nosync", false),
                s.bool("nostream", false), s.string("replicatefrom"), custom);
    }

    @Override
    public String toString() {
        return SafeToString.of(this);
    }
}
