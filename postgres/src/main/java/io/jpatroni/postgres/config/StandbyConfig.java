package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.Conninfo;
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
     *
     * @param versionNum the local PostgreSQL version (its walreceiver's libpq reads primary_conninfo)
     */
    public Map<String, String> render(String applicationName, Path passfile, int versionNum) {
        Map<String, String> p = new TreeMap<>();
        primary.ifPresent(t -> p.put("primary_conninfo", conninfo(t, applicationName, passfile, versionNum)));
        slotName.ifPresent(s -> p.put("primary_slot_name", s));
        for (String target : new String[] {"recovery_target", "recovery_target_lsn", "recovery_target_name",
            "recovery_target_time", "recovery_target_xid"}) {
            p.put(target, "");
        }
        p.put("recovery_target_timeline", "latest");
        p.putAll(extraParams);
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
        Map<String, String> kv = new LinkedHashMap<>(t.conninfoParams());
        kv.remove("dbname");
        if (t.credentials().password().isPresent()) {
            kv.put("passfile", passfile.toString());
        }
        kv.put("application_name", applicationName);
        kv.putIfAbsent("sslmode", "prefer");
        kv.putIfAbsent("gssencmode", "prefer");
        kv.putIfAbsent("channel_binding", "prefer");
        kv.putIfAbsent("sslnegotiation", "postgres");
        return Conninfo.format(kv, versionNum);
    }
}
