package io.jpatroni.ctl.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders members as a cascading-replication tree (patronictl's {@code topology_sort}): the leader first, then each
 * replica under the member named in its {@code replicatefrom} tag (else under the leader), names indented by level
 * as {@code "+ name"}, {@code "  + name"}.
 */
final class Topology {
    private Topology() {
    }

    static List<Map<String, Object>> sort(List<Map<String, Object>> members) {
        Map<String, Object> leader = members.stream().filter(m -> isLeader(m)).findFirst().orElse(null);
        String leaderName = leader == null ? null : (String) leader.get("name");
        Set<String> replicas = new HashSet<>();
        members.stream().filter(m -> !isLeader(m)).forEach(m -> replicas.add((String) m.get("name")));
        Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
        for (Map<String, Object> m : members) {
            if (!isLeader(m)) {
                Object parent = m.get("tags") instanceof Map<?, ?> t ? t.get("replicatefrom") : null;
                String p = parent instanceof String s && !s.isEmpty() && !s.equals(m.get("name"))
                        && replicas.contains(s) ? s : leaderName;
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(m);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> root = leader == null ? new LinkedHashMap<>() : new LinkedHashMap<>(leader);
        if (leader == null) {
            root.put("name", null);
        }
        walk(0, root, (String) root.get("name"), children, out, new HashSet<>());
        return out;
    }

    private static void walk(int level, Map<String, Object> member, String key,
                             Map<String, List<Map<String, Object>>> children, List<Map<String, Object>> out,
                             Set<String> seen) {
        if (key != null && !seen.add(key)) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>(member);
        if (level > 0) {
            m.put("name", " ".repeat((level - 1) * 2) + "+ " + m.get("name"));
        }
        if (m.get("name") != null && !"".equals(m.get("name"))) {
            out.add(m);
        }
        for (Map<String, Object> child : children.getOrDefault(key, List.of())) {
            walk(level + 1, child, (String) child.get("name"), children, out, seen);
        }
    }

    private static boolean isLeader(Map<String, Object> m) {
        return String.valueOf(m.get("role")).endsWith("leader");
    }
}
