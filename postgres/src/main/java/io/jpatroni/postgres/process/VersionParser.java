package io.jpatroni.postgres.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "postgres (PostgreSQL) 15.4 (Debian 15.4-1)" to 150004, "9.6.24" to 90624 (server_version_num). Pure. */
public final class VersionParser {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private VersionParser() {
    }

    public static int parseVersionNum(String output) {
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no PostgreSQL version in '" + output.strip() + "'");
        }
        int major = Integer.parseInt(m.group(1));
        int second = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (major >= 10) {
            return major * 10000 + second;
        }
        int third = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return major * 10000 + second * 100 + third;
    }
}
