package io.jpatroni.ctl.render;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code difflib.unified_diff} with empty file names and 3 lines of context, as patronictl's edit-config prints it
 * ({@code "--- "}, {@code "+++ "}, {@code @@ -a,b +c,d @@} hunks). Lines are matched by longest common subsequence.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    private record Op(char tag, int i1, int i2, int j1, int j2) {
    }

    /** The diff lines (no newlines); empty when the texts have the same lines. */
    public static List<String> diff(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<String> out = new ArrayList<>();
        List<List<Op>> groups = grouped(opcodes(a, b));
        for (List<Op> group : groups) {
            if (out.isEmpty()) {
                out.add("--- ");
                out.add("+++ ");
            }
            Op first = group.get(0);
            Op last = group.get(group.size() - 1);
            out.add("@@ -" + range(first.i1, last.i2) + " +" + range(first.j1, last.j2) + " @@");
            for (Op op : group) {
                if (op.tag == 'e') {
                    a.subList(op.i1, op.i2).forEach(l -> out.add(" " + l));
                    continue;
                }
                a.subList(op.i1, op.i2).forEach(l -> out.add("-" + l));
                b.subList(op.j1, op.j2).forEach(l -> out.add("+" + l));
            }
        }
        return out;
    }

    static List<String> lines(String text) {
        String t = text.replaceAll("\n+$", "");
        return new ArrayList<>(List.of(t.split("\n", -1)));
    }

    private static String range(int start, int stop) {
        int beginning = start + 1;
        int length = stop - start;
        if (length == 1) {
            return Integer.toString(beginning);
        }
        if (length == 0) {
            beginning--;
        }
        return beginning + "," + length;
    }

    private static List<Op> opcodes(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        int si = 0;
        int sj = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                if (si < i || sj < j) {
                    ops.add(new Op(si < i && sj < j ? 'r' : si < i ? 'd' : 'i', si, i, sj, j));
                }
                int ei = i;
                int ej = j;
                while (i < n && j < m && a.get(i).equals(b.get(j))) {
                    i++;
                    j++;
                }
                ops.add(new Op('e', ei, i, ej, j));
                si = i;
                sj = j;
            } else if (j >= m || i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        if (si < n || sj < m) {
            ops.add(new Op(si < n && sj < m ? 'r' : si < n ? 'd' : 'i', si, n, sj, m));
        }
        return ops;
    }

    private static List<List<Op>> grouped(List<Op> codes) {
        List<Op> c = new ArrayList<>(codes.isEmpty() ? List.of(new Op('e', 0, 1, 0, 1)) : codes);
        Op f = c.get(0);
        if (f.tag == 'e') {
            c.set(0, new Op('e', Math.max(f.i1, f.i2 - CONTEXT), f.i2, Math.max(f.j1, f.j2 - CONTEXT), f.j2));
        }
        Op l = c.get(c.size() - 1);
        if (l.tag == 'e') {
            c.set(c.size() - 1, new Op('e', l.i1, Math.min(l.i2, l.i1 + CONTEXT), l.j1,
                    Math.min(l.j2, l.j1 + CONTEXT)));
        }
        List<List<Op>> groups = new ArrayList<>();
        List<Op> group = new ArrayList<>();
        for (Op op : c) {
            int i1 = op.i1;
            int j1 = op.j1;
            if (op.tag == 'e' && op.i2 - op.i1 > 2 * CONTEXT) {
                group.add(new Op('e', i1, Math.min(op.i2, i1 + CONTEXT), j1, Math.min(op.j2, j1 + CONTEXT)));
                groups.add(group);
                group = new ArrayList<>();
                i1 = Math.max(i1, op.i2 - CONTEXT);
                j1 = Math.max(j1, op.j2 - CONTEXT);
            }
            group.add(new Op(op.tag, i1, op.i2, j1, op.j2));
        }
        if (!group.isEmpty() && !(group.size() == 1 && group.get(0).tag == 'e')) {
            groups.add(group);
        }
        return groups;
    }
}
