package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.Conninfo;
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
 * @param readWrite {@code target_session_attrs=read-write} in primary_conninfo: a standby leader using a slot on the
 *                  remote cluster connects to its primary only, as Patroni makes it (PostgreSQL 10+)
 */
public record StandbyConfig(Optional<ConnectionTarget> primary, Optional<String> slotName,
                            Map<String, String> extraParams, boolean readWrite) {
    public StandbyConfig {
        extraParams = Map.copyOf(extraParams);
    }

    public StandbyConfig(Optional<ConnectionTarget> primary, Optional<String> slotName,
                         Map<String, String> extraParams) {
        this(primary, slotName, extraParams, false);
    }

    public static StandbyConfig following(ConnectionTarget primary, String slotName) {
        return new StandbyConfig(Optional.of(primary), Optional.ofNullable(slotName), Map.of());
    }

    public StandbyConfig withExtraParams(Map<String, String> params) {
        return new StandbyConfig(primary, slotName, params, readWrite);
    }

    /**
     * The recovery settings of a replica, as Patroni builds them: {@code recoveryConf} (but no recovery target,
     * primary_conninfo or primary_slot_name from there), standby_mode, recovery_target_timeline = latest, from 12
     * every recovery target reset explicitly (an included file must not stop or promote the standby), then
     * primary_conninfo and primary_slot_name. Pure; {@link RecoveryConf} turns it into what one version accepts.
     *
     * @param libpqVersion the local PostgreSQL version (its walreceiver's libpq reads primary_conninfo)
     */
    public Map<String, String> render(String applicationName, Path passfile, MajorVersion version, int libpqVersion,
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
        primary.ifPresent(t -> {
            String conninfo = conninfo(t, applicationName, passfile, libpqVersion);
            if (readWrite && libpqVersion >= 100000) {
                conninfo = conninfo(t, applicationName, passfile, libpqVersion, Map.of("target_session_attrs",
                        "read-write"));
            }
            p.put("primary_conninfo", conninfo);
        });
        if (primary.isPresent()) {
            slotName.ifPresent(s -> p.put("primary_slot_name", s));
        }
        return p;
    }

    /**
     * Patroni's primary_conninfo ({@code primary_conninfo_params} + {@code format_dsn}): the replication user's
     * keywords and libpq options, {@code passfile} when that user has a password, {@code application_name}, and
     * libpq's defaults written out ({@code sslmode=prefer}, {@code gssencmode=prefer} from 12,
     * {@code channel_binding=prefer} from 13, {@code sslnegotiation=postgres} from 17) unless configured:
     * {@code user=... passfile=... host=... port=... sslmode=... sslcert=... application_name=... gssencmode=...}.
     */
    public static String conninfo(ConnectionTarget t, String applicationName, Path passfile, int versionNum) {
        return conninfo(t, applicationName, passfile, versionNum, Map.of());
    }

    private static String conninfo(ConnectionTarget t, String applicationName, Path passfile, int versionNum,
                                   Map<String, String> more) {
        Map<String, String> kv = new LinkedHashMap<>(t.conninfoParams());
        more.forEach(kv::putIfAbsent);
        kv.remove("dbname");
        if (t.credentials().password().isPresent()) {
            if (versionNum >= 100000) {
                kv.put("passfile", passfile.toString());
            } else { // libpq before 10 has no passfile: Patroni writes the password itself (recovery.conf is 0600)
                kv.put("password", t.credentials().password().get().value());
            }
        }
        kv.put("application_name", applicationName);
        kv.putIfAbsent("sslmode", "prefer");
        kv.putIfAbsent("gssencmode", "prefer");
        kv.putIfAbsent("channel_binding", "prefer");
        kv.putIfAbsent("sslnegotiation", "postgres");
        return Conninfo.format(kv, versionNum);
    }
}
