package io.jpatroni.ctl.render;

import io.jpatroni.pycompat.PyFloat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * YAML as patronictl writes and reads it: {@code yaml.safe_dump(data, default_flow_style=..., allow_unicode=True,
 * width=200)} (keys sorted, YAML 1.1 quoting such as {@code 'on'}) and {@code yaml.safe_load}. SnakeYAML is a port of
 * PyYAML, so its emitter and resolver give the same text for configuration-shaped data.
 */
public final class PyYaml {
    /** A hexadecimal escape of a double-quoted scalar (x, u or U and 2, 4 or 8 digits), its backslash not escaped. */
    private static final Pattern HEX_ESCAPE =
            Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})");

    private PyYaml() {
    }

    /** Block-style YAML, ending with a newline. */
    public static String dump(Object data) {
        return dump(data, false);
    }

    /** {@code flow}: the one-line style patronictl uses for tags in tsv and topology output. */
    public static String dump(Object data, boolean flow) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        options.setWidth(200);
        options.setIndent(2);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return upperCaseHexEscapes(new Yaml(new PyRepresenter(options), options).dump(sorted(data)));
    }

    /** PyYAML writes the digits of such escapes upper case ({@code \x7F}), SnakeYAML lower case. */
    private static String upperCaseHexEscapes(String yaml) {
        if (yaml.indexOf('\\') < 0) {
            return yaml;
        }
        Matcher m = HEX_ESCAPE.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String escape = m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "\\" + escape.charAt(0)
                    + escape.substring(1).toUpperCase(java.util.Locale.ROOT)));
        }
        return m.appendTail(out).toString();
    }

    /** PyYAML's {@code represent_float}: {@code repr(value).lower()}, with {@code .0} before a bare exponent. */
    static String yamlFloat(double value) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        String repr = PyFloat.repr(value);
        return repr.contains(".") || !repr.contains("e") ? repr : repr.replaceFirst("e", ".0e");
    }

    /** SnakeYAML's representer with PyYAML's floats. */
    private static final class PyRepresenter extends Representer {
        PyRepresenter(DumperOptions options) {
            super(options);
            Represent floats = data -> representScalar(Tag.FLOAT, yamlFloat(data instanceof Float f
                    ? Double.parseDouble(f.toString()) : ((Number) data).doubleValue()));
            representers.put(Double.class, floats);
            representers.put(Float.class, floats);
        }
    }

    /** Parses YAML 1.1 as PyYAML does; numbers become Long/Double/BigInteger (see {@link #normalize}). */
    public static Object load(String text) {
        try {
            return normalize(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
        } catch (YAMLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Deep copy with every map's keys sorted, as {@code safe_dump} sorts them. */
    static Object sorted(Object data) {
        if (data instanceof Map<?, ?> m) {
            Map<String, Object> tree = new TreeMap<>();
            m.forEach((k, v) -> tree.put(String.valueOf(k), sorted(v)));
            return new LinkedHashMap<>(tree);
        }
        if (data instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(sorted(v)));
            return copy;
        }
        return data;
    }

    /**
     * Deep copy with integers as {@code Long} (or BigInteger), other numbers as {@code Double}, and maps as ordered
     * {@code LinkedHashMap}s, so that values read from YAML and from JSON compare equal as they do in Python.
     */
    public static Object normalize(Object data) {
        if (data instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        if (data instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(normalize(v)));
            return copy;
        }
        if (data instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (data instanceof Integer || data instanceof Short || data instanceof Byte) {
            return ((Number) data).longValue();
        }
        if (data instanceof Float f) {
            return f.doubleValue();
        }
        if (data instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        return data;
    }
}
