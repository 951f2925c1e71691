package io.jpatroni.it.support;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real user's Patroni file made runnable here, line by line, changing nothing but addresses and paths:
 * the node's name (each copy needs its own), {@code host:8008} to the REST port, {@code host:5432} to the
 * PostgreSQL port, {@code host:2379}/{@code host:2181} to the test's DCS, networks in pg_hba lines to
 * loopback, the data/config/log/socket directories and {@code /tmp} into the node's directory, and
 * {@code bin_dir} to PostgreSQL 15. Comments, key order and duplicate keys stay as the user wrote them.
 */
public final class SeedRewrite {
    private static final Pattern KEY_LINE = Pattern.compile("^(\\s*)([A-Za-z_][\\w.-]*):(\\s*)(.*)$");
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.:/-])[\\w.*-]+:(8008|5432|2379|2181)\\b");
    private static final Pattern CIDR = Pattern.compile("\\b(?!0\\.0\\.0\\.0/0)\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}\\b");
    private static final Pattern VALUE_AND_COMMENT = Pattern.compile("^(['\"]?)([^'\"#]*?)\\1(\\s+#.*)?$");

    private final NodeConfig node;
    private final Map<String, String> paths;

    private SeedRewrite(NodeConfig node) {
        this.node = node;
        Path dir = node.dir();
        this.paths = Map.of(
                "postgresql.data_dir", node.dataDir().toString(),
                "postgresql.config_dir", dir.resolve("conf").toString(),
                "postgresql.pgpass", dir.resolve("pgpass").toString(),
                "postgresql.bin_dir", "/usr/lib/postgresql/15/bin",
                "log.dir", dir.resolve("log").toString(),
                "postgresql.parameters.unix_socket_directories", dir.toString(),
                "postgresql.parameters.log_directory", dir.resolve("pglog").toString(),
                "bootstrap.dcs.postgresql.parameters.log_directory", dir.resolve("pglog").toString());
    }

    /** {@code yaml} for {@code node}: its name, ports, DCS and directories. */
    public static String apply(String yaml, NodeConfig node) {
        return new SeedRewrite(node).rewrite(yaml);
    }

    /** The directories the rewritten file points at that the user's machine had (created by the caller). */
    public static List<Path> directories(NodeConfig node) {
        return List.of(node.dir().resolve("log"), node.dir().resolve("tmp"));
    }

    private String rewrite(String yaml) {
        StringBuilder out = new StringBuilder();
        Deque<Map.Entry<Integer, String>> stack = new ArrayDeque<>();
        for (String line : yaml.split("\n", -1)) {
            out.append(rewriteLine(line, stack)).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private String rewriteLine(String line, Deque<Map.Entry<Integer, String>> stack) {
        String text = addresses(line).replace("/tmp/", node.dir().resolve("tmp") + "/");
        Matcher m = KEY_LINE.matcher(line);
        if (!m.matches()) {
            return text;
        }
        int indent = m.group(1).length();
        while (!stack.isEmpty() && stack.peek().getKey() >= indent) {
            stack.pop();
        }
        stack.push(Map.entry(indent, m.group(2)));
        List<String> keys = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(e -> keys.add(e.getValue()));
        String path = String.join(".", keys);
        if ("name".equals(path)) {
            return replaceValue(m, node.name());
        }
        String target = paths.get(path);
        if (target != null && (!path.endsWith("unix_socket_directories") && !path.endsWith("log_directory")
                || m.group(4).replaceAll("['\"]", "").startsWith("/"))) {
            return replaceValue(m, target);
        }
        return text;
    }

    private String addresses(String line) {
        Matcher m = HOST_PORT.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String port = switch (m.group(1)) {
                case "8008" -> String.valueOf(node.restPort());
                case "5432" -> String.valueOf(node.pgPort());
                default -> null;
            };
            String replacement = port == null ? node.dcsHosts().get(0) : "127.0.0.1:" + port;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return CIDR.matcher(sb.toString()).replaceAll("127.0.0.1/32");
    }

    /** {@code key: value # comment} with a new value, quoting and comment kept. */
    private static String replaceValue(Matcher keyLine, String value) {
        Matcher v = VALUE_AND_COMMENT.matcher(keyLine.group(4));
        String quote = v.matches() ? v.group(1) : "";
        String comment = v.matches() && v.group(3) != null ? v.group(3) : "";
        return keyLine.group(1) + keyLine.group(2) + ":" + keyLine.group(3) + quote + value + quote + comment;
    }
}
