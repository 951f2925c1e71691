package io.jpatroni.ctl.cluster;

import io.jpatroni.ctl.render.TableOutput;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.pycompat.PyTruth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The members view of {@code list} and {@code topology} (patronictl's {@code output_members}): the rows, the
 * optional columns (Pending restart, Scheduled restart, Tags when any member has them or with {@code -e}), host with
 * port when needed, then the service lines (maintenance mode, scheduled switchover) under a table.
 */
public final class MembersTable {
    private static final Map<String, String> ALIGN = Map.of("Group", "r", "Lag in MB", "r", "TL", "r");

    private MembersTable() {
    }

    /** Everything {@code output_members} prints, without the final newline. */
    public static String render(Cluster cluster, String name, boolean extended, Format format) {
        Map<String, Object> json = ClusterJson.of(cluster);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) json.get("members");
        List<Map<String, Object>> withHost = members.stream().filter(m -> m.containsKey("host")).toList();
        List<String> columns = new ArrayList<>(List.of("Cluster", "Member", "Host", "Role", "State", "TL",
                "Lag in MB"));
        for (String c : List.of("Pending restart", "Scheduled restart", "Tags")) {
            String key = key(c);
            if (extended || withHost.stream().anyMatch(m -> PyTruth.bool(m.get(key)))) {
                columns.add(c);
            }
        }
        Set<Object> hosts = new HashSet<>();
        withHost.forEach(m -> hosts.add(m.get("host")));
        boolean appendPort = withHost.stream().anyMatch(m -> m.containsKey("port") && ((Number) m.get("port"))
                .longValue() != 5432) || hosts.size() < withHost.size();
        List<Map<String, Object>> ordered = format == Format.TOPOLOGY ? Topology.sort(members) : members;
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> m : ordered) {
            Map<String, Object> row = new LinkedHashMap<>(m);
            Object lag = m.getOrDefault("lag", "");
            row.put("cluster", name);
            row.put("member", m.get("name"));
            String host = String.valueOf(m.getOrDefault("host", ""));
            if (appendPort && !host.isEmpty() && m.get("port") != null) {
                host = host + ":" + m.get("port");
            }
            row.put("host", host);
            row.put("tl", m.containsKey("timeline") ? m.get("timeline") : "");
            row.put("role", title(String.valueOf(m.get("role")).replace('_', ' ')));
            row.put("lag_in_mb", lag instanceof Number n ? (Object) (long) Math.rint(n.doubleValue() / 1024 / 1024)
                    : lag);
            row.put("pending_restart", PyTruth.bool(m.get("pending_restart")) ? "*" : "");
            if (m.get("scheduled_restart") instanceof Map<?, ?> sr) {
                String value = String.valueOf(sr.get("schedule"));
                if (sr.containsKey("postgres_version")) {
                    value += " if version < " + sr.get("postgres_version");
                }
                row.put("scheduled_restart", value);
            }
            List<Object> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = row.get(key(c));
                cells.add(v == null && !row.containsKey(key(c)) ? "" : v);
            }
            rows.add(cells);
        }
        String text = TableOutput.render(columns, rows, ALIGN, format, " Cluster: " + name + " ");
        if (format != Format.PRETTY && format != Format.TOPOLOGY) {
            return text;
        }
        List<String> info = serviceInfo(json);
        return info.isEmpty() ? text : text + "\n " + String.join("\n ", info);
    }

    static List<String> serviceInfo(Map<String, Object> json) {
        List<String> info = new ArrayList<>();
        if (Boolean.TRUE.equals(json.get("pause"))) {
            info.add("Maintenance mode: on");
        }
        if (json.get("scheduled_switchover") instanceof Map<?, ?> s) {
            StringBuilder b = new StringBuilder("Switchover scheduled at: " + s.get("at"));
            for (String n : List.of("from", "to")) {
                if (s.containsKey(n)) {
                    b.append('\n').append(String.format("%24s: %s", n, s.get(n)));
                }
            }
            info.add(b.toString());
        }
        return info;
    }

    private static String key(String column) {
        return column.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /** Python's {@code str.title()} for role words. */
    static String title(String s) {
        StringBuilder b = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return b.toString();
    }
}
