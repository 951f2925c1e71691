package io.jpatroni.postgres;

import java.util.List;
import java.util.Map;

/**
 * A libpq connection string the way Patroni formats one ({@code format_dsn} in {@code patroni/postgresql/config.py}):
 * a fixed keyword order, unknown keywords dropped, a keyword left out when the local PostgreSQL major version's libpq
 * does not know it yet (sslnegotiation before 17, sslcrldir before 14...), {@code passfile} in place of
 * {@code password} when both are there, and spaces, quotes and backslashes backslash-escaped. Pure.
 */
public final class Conninfo {
    private static final List<String> KEYWORDS = List.of("dbname", "user", "passfile", "password", "host", "port",
            "sslmode", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir",
            "application_name", "krbsrvname", "gssencmode", "channel_binding", "target_session_attrs",
            "sslnegotiation");
    private static final Map<String, Integer> SINCE = Map.of("target_session_attrs", 100000, "gssencmode", 120000,
            "channel_binding", 130000, "sslpassword", 130000, "sslcrldir", 140000, "sslnegotiation", 170000);

    private Conninfo() {
    }

    /** {@code key=value ...} for PostgreSQL {@code versionNum} (e.g. 150004). */
    public static String format(Map<String, String> params, int versionNum) {
        StringBuilder sb = new StringBuilder();
        for (String keyword : KEYWORDS) {
            String value = params.get(keyword);
            if (value == null || versionNum < SINCE.getOrDefault(keyword, 0)
                    || keyword.equals("password") && params.containsKey("passfile")) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(keyword).append('=').append(escape(value));
        }
        return sb.toString();
    }

    static String escape(String value) {
        return value.replaceAll("(['\\\\ ])", "\\\\$1");
    }
}
