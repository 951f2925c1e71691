package io.jpatroni.postgres.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SQL Patroni runs to create or update its roles. Pure. */
public final class RoleSql {
    /** What Patroni grants the rewind user so pg_rewind works without superuser. */
    public static final List<String> REWIND_FUNCTIONS = List.of("pg_ls_dir(text, boolean, boolean)",
            "pg_stat_file(text, boolean)", "pg_read_binary_file(text)",
            "pg_read_binary_file(text, bigint, bigint, boolean)");

    private RoleSql() {
    }

    public static String createOrUpdate(String name, Optional<String> password, List<String> options) {
        List<String> opts = new ArrayList<>();
        options.forEach(o -> opts.add(o.toUpperCase(Locale.ROOT)));
        if (!opts.contains("LOGIN") && !opts.contains("NOLOGIN")) {
            opts.add("LOGIN");
        }
        password.ifPresent(p -> {
            opts.add("PASSWORD");
            opts.add(literal(p));
        });
        String with = String.join(" ", opts);
        return "DO $$\nBEGIN\n    SET local synchronous_commit = 'local';\n"
                + "    PERFORM * FROM pg_catalog.pg_authid WHERE rolname = " + literal(name) + ";\n"
                + "    IF FOUND THEN\n        ALTER ROLE " + ident(name) + " WITH " + with + ";\n"
                + "    ELSE\n        CREATE ROLE " + ident(name) + " WITH " + with + ";\n    END IF;\nEND;$$";
    }

    public static String grantExecute(String function, String role) {
        return "GRANT EXECUTE ON function pg_catalog." + function + " TO " + ident(role);
    }

    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
