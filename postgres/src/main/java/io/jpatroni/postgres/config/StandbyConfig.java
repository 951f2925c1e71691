package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a standby follows. {@code primary} empty means a standby without streaming (restore_command only).
 *
 * @param slotName primary_slot_name, usually the member name
 */
public record StandbyConfig(Optional<ConnectionTarget> primary, Optional<String> slotName,
                            Map<String, String> extraParams) {
    public StandbyConfig {
        extraParams = Map.copyOf(extraParams);
    }

    public static StandbyConfig following(ConnectionTarget primary, String slotName) {
        return new StandbyConfig(Optional.of(primary), Optional.ofNullable(slotName), Map.of());
    }

    public StandbyConfig withExtraParams(Map<String, String> params) {
        return new StandbyConfig(primary, slotName, params);
    }

    /**
     * The recovery parameters as Patroni 3.0.2 writes them for PostgreSQL 12+: the password is not in
     * primary_conninfo, libpq reads it from {@code passfile}; recovery targets are reset explicitly. Pure.
     */
    public Map<String, String> render(String applicationName, Path passfile) {
        Map<String, String> p = new TreeMap<>();
        primary.ifPresent(t -> p.put("primary_conninfo", conninfo(t, applicationName, passfile)));
        slotName.ifPresent(s -> p.put("primary_slot_name", s));
        for (String target : new String[] {"recovery_target", "recovery_target_lsn", "recovery_target_name",
            "recovery_target_time", "recovery_target_xid"}) {
            p.put(target, "");
        }
        p.put("recovery_target_timeline", "latest");
        p.putAll(extraParams);
        return p;
    }

    /** {@code user=... passfile=... host=... port=... sslmode=prefer application_name=...}, Patroni's order. */
    public static String conninfo(ConnectionTarget t, String applicationName, Path passfile) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("user", t.user());
        kv.put("passfile", passfile.toString());
        kv.put("host", t.host());
        kv.put("port", Integer.toString(t.port()));
        kv.put("sslmode", "prefer");
        kv.put("application_name", applicationName);
        kv.put("gssencmode", "prefer");
        kv.put("channel_binding", "prefer");
        StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
                .append(ConfQuoting.conninfoValue(v)));
        return sb.toString();
    }
}
