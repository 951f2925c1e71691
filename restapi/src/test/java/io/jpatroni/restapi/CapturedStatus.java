package io.jpatroni.restapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One GET/HEAD/OPTIONS row of the captured {@code status_codes.tsv}. */
public record CapturedStatus(String role, String method, String path, String query, int status, String contentType,
                             int bodyBytes) {
    static final List<String> MONITORING = List.of("/patroni", "/cluster", "/history", "/config", "/metrics");

    @Override
    public String toString() {
        return role + " " + method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }

    public NodeSnapshot snapshot() {
        return role.equals("leader") ? Fixtures.leader() : Fixtures.replica();
    }

    public boolean isMonitoring() {
        return MONITORING.contains(path);
    }

    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                out.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    public static Stream<CapturedStatus> rows() {
        List<CapturedStatus> rows = new ArrayList<>();
        for (String line : Fixtures.resource("/patroni-3.0.2/status_codes.tsv").split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 6 || !List.of("GET", "HEAD", "OPTIONS").contains(f[1])) {
                continue;
            }
            int q = f[2].indexOf('?');
            rows.add(new CapturedStatus(f[0], f[1], q < 0 ? f[2] : f[2].substring(0, q),
                    q < 0 ? "" : f[2].substring(q + 1), Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5])));
        }
        return rows.stream();
    }
}
