package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.param.MajorVersion;
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
     * The recovery settings of a replica, as Patroni builds them: {@code recoveryConf} (but no recovery target,
     * primary_conninfo or primary_slot_name from there), standby_mode, recovery_target_timeline = latest, from 12
     * every recovery target reset explicitly (an included file must not stop or promote the standby), then
     * primary_conninfo and primary_slot_name. The password is in the pgpass file ({@code passfile}, libpq 10+).
     * Pure; {@link RecoveryConf} turns it into what one version accepts.
     */
    public Map<String, String> render(String applicationName, Path passfile, MajorVersion version,
                                      Map<String, String> recoveryConf) {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> conf = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        conf.putAll(recoveryConf);
        conf.putAll(extraParams);
        conf.forEach((k, v) -> {
            String lower = k.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("recovery_target") && !lower.equals("primary_conninfo")
                    && !lower.equals("primary_slot_name")) {
                p.put(k, v);
            }
        });
        p.put("standby_mode", "on");
        p.put("recovery_target_timeline", "latest");
        if (version.isAtLeast(MajorVersion.V12)) {
            for (String target : new String[] {"recovery_target", "recovery_target_lsn", "recovery_target_name",
                "recovery_target_time", "recovery_target_xid"}) {
                p.put(target, "");
            }
        }
        primary.ifPresent(t -> p.put("primary_conninfo", conninfo(t, applicationName, passfile, version)));
        if (primary.isPresent()) {
            slotName.ifPresent(s -> p.put("primary_slot_name", s));
        }
        return p;
    }

    /**
     * {@code user=... passfile=... host=... port=... sslmode=prefer application_name=...}, Patroni's order;
     * gssencmode from 12 and channel_binding from 13 (older walreceivers refuse them); before 10, whose libpq has no
     * passfile, the password itself.
     */
    public static String conninfo(ConnectionTarget t, String applicationName, Path passfile, MajorVersion version) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("user", t.user());
        if (version.isAtLeast(MajorVersion.V10)) {
            kv.put("passfile", passfile.toString());
        } else {
            t.credentials().password().ifPresent(pw -> kv.put("password", pw.value()));
        }
        kv.put("host", t.host());
        kv.put("port", Integer.toString(t.port()));
        kv.put("sslmode", "prefer");
        kv.put("application_name", applicationName);
        if (version.isAtLeast(MajorVersion.V12)) {
            kv.put("gssencmode", "prefer");
        }
        if (version.isAtLeast(MajorVersion.V13)) {
            kv.put("channel_binding", "prefer");
        }
        StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
                .append(ConfQuoting.conninfoValue(v)));
        return sb.toString();
    }
}
