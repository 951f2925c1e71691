package io.jpatroni.postgres.controldata;

import java.util.LinkedHashMap;
import java.util.Map;

/** Pure parser for {@code pg_controldata} output (run with LANG=C). */
public final class ControlDataParser {
    private ControlDataParser() {
    }

    public static ControlData parse(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            values.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        if (!values.containsKey("Database cluster state")) {
            throw new IllegalArgumentException("not pg_controldata output (no 'Database cluster state'): "
                    + output.lines().limit(3).toList());
        }
        return new ControlData(values);
    }
}
