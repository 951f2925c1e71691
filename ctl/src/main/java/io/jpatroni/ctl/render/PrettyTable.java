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
            width[i] = width(columns.get(i));
        }
        for (List<String> row : rows) {
            for (int i = 0; i < n; i++) {
                for (String line : lines(row.get(i))) {
                    width[i] = Math.max(width[i], width(line));
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
                String pad = " ".repeat(width[i] - width(text));
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
        String t = width(title) > rule.length() - 2 ? title.substring(0, rule.length() - 2) : title;
        return rule.charAt(0) + t + rule.substring(1 + width(t));
    }

    /**
     * The columns {@code text} takes on a terminal, as prettytable measures it with {@code wcwidth.wcswidth}: one per
     * character (not per UTF-16 unit), none for combining marks and zero-width characters, two for East Asian wide
     * and full-width ones.
     */
    static int width(String text) {
        int columns = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            columns += zeroWidth(c) ? 0 : wide(c) ? 2 : 1;
        }
        return columns;
    }

    private static boolean zeroWidth(int c) {
        int type = Character.getType(c);
        return c == 0 || c == 0x034f || c >= 0x200b && c <= 0x200f || c >= 0x2028 && c <= 0x202e
                || c >= 0x2060 && c <= 0x2063 || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** East Asian Wide and Full-width blocks (Markus Kuhn's wcwidth ranges, which wcwidth's tables extend). */
    private static boolean wide(int c) {
        return c >= 0x1100 && (c <= 0x115f || c == 0x2329 || c == 0x232a || c >= 0x2e80 && c <= 0xa4cf && c != 0x303f
                || c >= 0xac00 && c <= 0xd7a3 || c >= 0xf900 && c <= 0xfaff || c >= 0xfe10 && c <= 0xfe19
                || c >= 0xfe30 && c <= 0xfe6f || c >= 0xff00 && c <= 0xff60 || c >= 0xffe0 && c <= 0xffe6
                || c >= 0x1f300 && c <= 0x1f64f || c >= 0x1f900 && c <= 0x1f9ff || c >= 0x20000 && c <= 0x2fffd
                || c >= 0x30000 && c <= 0x3fffd);
    }
}
