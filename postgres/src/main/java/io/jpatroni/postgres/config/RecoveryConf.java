package io.jpatroni.postgres.config;

import io.jpatroni.postgres.param.Adjustment;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import io.jpatroni.postgres.param.ParameterRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's recovery settings made fit for one major version, as Patroni writes them: pause_at_recovery_target
 * becomes recovery_target_action, standby_mode stays only in a recovery.conf (before 12; from 12 standby.signal
 * says it), and every setting that version would refuse is dropped. Written to recovery.conf before 12, to the
 * {@code # recovery.conf} section of postgresql.conf from 12. Pure.
 */
public final class RecoveryConf {
    public static final String FILE = "recovery.conf";

    private RecoveryConf() {
    }

    /** The settings to write, sorted by name, and what was changed on the way. */
    public record Rendered(Map<String, String> params, List<Adjustment> adjustments) {
        public Rendered {
            params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
            adjustments = List.copyOf(adjustments);
        }

        public static Rendered none() {
            return new Rendered(Map.of(), List.of());
        }
    }

    public static Rendered render(Map<String, String> built, ParameterCheck check) {
        MajorVersion v = check.version();
        List<Adjustment> adjustments = new ArrayList<>();
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(built);
        String pause = p.remove("pause_at_recovery_target");
        if (pause != null) {
            ParameterRule.parseBool(pause).ifPresent(b -> {
                String action = b ? "pause" : "promote";
                if (!p.containsKey("recovery_target_action")) {
                    p.put("recovery_target_action", action);
                }
                adjustments.add(Adjustment.converted("pause_at_recovery_target", pause,
                        "recovery_target_action = '" + p.get("recovery_target_action") + "'",
                        "PostgreSQL 9.5 replaced it with recovery_target_action"));
            });
        }
        if (v.isAtLeast(MajorVersion.V12)) {
            p.remove("standby_mode");
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((name, value) -> {
            if (name.equalsIgnoreCase("primary_conninfo")) {
                out.put(name, value);
                return;
            }
            ParameterRule.Verdict verdict = check.check(name, value);
            if (verdict.isDrop()) {
                adjustments.add(Adjustment.dropped(name, value, verdict.reason().orElseThrow()));
            } else {
                verdict.reason().ifPresent(r -> adjustments.add(Adjustment.clamped(name, value,
                        name + " = '" + verdict.value().get() + "'", r)));
                out.put(name, verdict.value().get());
            }
        });
        return new Rendered(out, adjustments);
    }
}
