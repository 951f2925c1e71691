package io.jpatroni.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code postgresql} part of the dynamic configuration. {@code parameters} keep raw YAML/JSON values. */
public record DynamicPostgresql(
        Optional<Boolean> usePgRewind,
        boolean useSlots,
        Map<String, Object> parameters,
        Optional<List<String>> pgHba,
        Optional<List<String>> pgIdent,
        Map<String, Object> recoveryConf) {

    private static final List<String> LOCAL_ONLY = List.of("connect_address", "proxy_address", "listen",
            "config_dir", "data_dir", "pgpass", "authentication");

    public DynamicPostgresql {
        parameters = Maps.frozen(parameters);
        recoveryConf = Maps.frozen(recoveryConf);
        pgHba = pgHba.map(List::copyOf);
        pgIdent = pgIdent.map(List::copyOf);
    }

    static DynamicPostgresql read(Section s) {
        DynamicPostgresql pg = new DynamicPostgresql(
                s.bool("use_pg_rewind"),
                s.bool("use_slots", true),
                s.map("parameters"),
                s.stringList("pg_hba"),
                s.stringList("pg_ident"),
                s.map("recovery_conf"));
        for (String key : LOCAL_ONLY) {
            if (s.has(key)) {
                s.problems().warnAt(s.pathOf(key), "ignored: it belongs to the local postgresql section");
            }
        }
        s.markKnown("parameters_primary", "parameters_replica", "parameters_standby_leader",
                "pg_hba_primary", "pg_hba_replica", "pg_hba_standby_leader",
                "pg_ident_primary", "pg_ident_replica", "pg_ident_standby_leader");
        s.reportUnknownKeys();
        return pg;
    }

    @Override
    public String toString() {
        return SafeToString.of(this);
    }
}
