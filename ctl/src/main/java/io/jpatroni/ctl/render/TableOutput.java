package io.jpatroni.ctl.render;

import io.jpatroni.pycompat.PyJson;
import io.jpatroni.pycompat.PyStr;
import io.jpatroni.pycompat.PyTruth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * patronictl's {@code print_output}: one set of rows shown as {@code pretty} (table), {@code tsv}, {@code json} or
 * {@code yaml}. With a title (the members list), json/yaml leave out empty cells, tsv keeps the leading
 * {@code Cluster} column that the table drops, and tags are YAML text.
 */
public final class TableOutput {
    private TableOutput() {
    }

    /** The supported values of {@code -f/--format}. */
    public enum Format {
        PRETTY, TSV, JSON, YAML, TOPOLOGY;

        public static Format parse(String text) {
            return switch (text) {
                case "pretty" -> PRETTY;
                case "tsv" -> TSV;
                case "json" -> JSON;
                case "yaml", "yml" -> YAML;
                case "topology" -> TOPOLOGY;
                default -> null;
            };
        }
    }

    /** The text to print (no trailing newline except what YAML ends with; callers add one as click.echo does). */
    public static String render(List<String> columns, List<List<Object>> rows, Map<String, String> alignment,
                                Format format, String title) {
        return render(columns, rows, alignment, format, title, "\t");
    }

    /** Same, with the tsv column {@code delimiter} of {@code query --delimiter}; {@code columns} may be empty. */
    public static String render(List<String> columns, List<List<Object>> rows, Map<String, String> alignment,
                                Format format, String title, String delimiter) {
        boolean titled = title != null && !title.isEmpty();
        if (format == Format.JSON || format == Format.YAML) {
            List<Map<String, Object>> elements = new ArrayList<>();
            for (List<Object> row : rows) {
                Map<String, Object> e = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row.get(i);
                    if (!titled || !PyStr.of(v).isEmpty()) {
                        e.put(columns.get(i), v);
                    }
                }
                elements.add(e);
            }
            return format == Format.JSON ? PyJson.dumps(elements) : PyYaml.dump(elements);
        }
        List<String> cols = new ArrayList<>(columns);
        List<List<Object>> data = new ArrayList<>();
        rows.forEach(r -> data.add(new ArrayList<>(r)));
        boolean listCluster = titled && !cols.isEmpty() && cols.get(0).equals("Cluster");
        if (listCluster && cols.contains("Tags")) {
            int i = cols.indexOf("Tags");
            for (List<Object> row : data) {
                Object tags = row.get(i);
                if (PyTruth.bool(tags)) {
                    row.set(i, PyYaml.dump(tags, format != Format.PRETTY).strip());
                }
            }
        }
        if (listCluster && format != Format.TSV) {
            cols.remove(0);
            data.forEach(r -> r.remove(0));
        }
        if (format == Format.TSV) {
            StringBuilder out = new StringBuilder();
            List<List<Object>> all = new ArrayList<>();
            if (!cols.isEmpty()) {
                all.add(new ArrayList<>(cols));
            }
            all.addAll(data);
            for (int r = 0; r < all.size(); r++) {
                if (r > 0) {
                    out.append('\n');
                }
                List<String> cells = all.get(r).stream().map(PyStr::of).toList();
                out.append(String.join(delimiter, cells));
            }
            return out.toString();
        }
        List<List<String>> cells = data.stream().map(r -> r.stream().map(PyStr::of).toList()).toList();
        return PrettyTable.render(title, cols, cells, alignment);
    }
}
