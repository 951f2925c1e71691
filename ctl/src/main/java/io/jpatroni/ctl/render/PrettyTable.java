package io.jpatroni.ctl.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ASCII table laid out like Python's prettytable as patronictl configures it: left-aligned by default, one space
 * of padding, a frame of {@code +---+}, headers aligned like their column, and the optional title written over the top
 * rule ({@code + Cluster: demo ---+}). Cells may hold several lines; then every row gets its own rule.
 */
public final class PrettyTable {
    private PrettyTable() {
    }

    /** Renders the table; {@code alignment} maps column names to {@code "l"} or {@code "r"}. No trailing newline. */
    public static String render(String title, List<String> columns, List<List<String>> rows,
                                Map<String, String> alignment) {
        int n = columns.size();
        int[] width = new int[n];
        boolean multiLine = false;
        for (int i = 0; i < n; i++) {
            width[i] = columns.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < n; i++) {
                for (String line : lines(row.get(i))) {
                    width[i] = Math.max(width[i], line.length());
                }
                multiLine |= row.get(i).contains("\n");
            }
        }
        String rule = rule(width);
        StringBuilder out = new StringBuilder();
        out.append(titled(rule, title)).append('\n');
        appendRow(out, columns, width, columns, alignment);
        out.append(rule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), width, columns, alignment);
            if (multiLine && r < rows.size() - 1) {
                out.append(rule).append('\n');
            }
        }
        out.append(rule);
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] width, List<String> columns,
                                  Map<String, String> alignment) {
        List<String[]> split = new ArrayList<>();
        int height = 1;
        for (String cell : cells) {
            String[] l = lines(cell);
            split.add(l);
            height = Math.max(height, l.length);
        }
        for (int h = 0; h < height; h++) {
            out.append('|');
            for (int i = 0; i < width.length; i++) {
                String[] l = split.get(i);
                String text = h < l.length ? l[h] : "";
                String pad = " ".repeat(width[i] - text.length());
                boolean right = "r".equals(alignment.get(columns.get(i)));
                out.append(' ').append(right ? pad + text : text + pad).append(" |");
            }
            out.append('\n');
        }
    }

    private static String[] lines(String cell) {
        return cell.split("\n", -1);
    }

    private static String rule(int[] width) {
        StringBuilder b = new StringBuilder("+");
        for (int w : width) {
            b.append("-".repeat(w + 2)).append('+');
        }
        return b.toString();
    }

    /** Writes {@code title} over the rule after its first character, cut to leave the last one. */
    static String titled(String rule, String title) {
        if (title == null || title.isEmpty()) {
            return rule;
        }
        String t = title.length() > rule.length() - 2 ? title.substring(0, rule.length() - 2) : title;
        return rule.charAt(0) + t + rule.substring(1 + t.length());
    }
}
