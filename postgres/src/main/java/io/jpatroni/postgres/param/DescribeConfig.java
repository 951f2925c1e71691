package io.jpatroni.postgres.param;

import java.util.Set;
import java.util.TreeSet;

/**
 * The parameter names in {@code postgres --describe-config} output (one tab-separated line per parameter, name
 * first). It leaves out developer options, which is why the built-in table is consulted first. Pure.
 */
public final class DescribeConfig {
    private DescribeConfig() {
    }

    public static Set<String> names(String output) {
        Set<String> names = new TreeSet<>();
        for (String line : output.split("\\R")) {
            int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(0, tab).matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                names.add(line.substring(0, tab));
            }
        }
        return Set.copyOf(names);
    }
}
