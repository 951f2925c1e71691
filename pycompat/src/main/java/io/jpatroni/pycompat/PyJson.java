package io.jpatroni.pycompat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json.dumps} with {@code ensure_ascii} (its default, which Patroni never changes): maps in their
 * iteration order, every character outside printable ASCII (DEL included) as a lowercase {@code &#92;uXXXX} escape
 * (a character beyond the BMP as its surrogate pair), {@code \" \\ \b \f \n \r \t} as short escapes, integers as
 * they are, floats as {@code repr} ({@code 1e-05}, {@code NaN}, {@code Infinity}).
 *
 * <p>Two spacings, as Patroni uses both: {@link #dumps} is the default ({@code ", "} and {@code ": "}: REST bodies,
 * {@code patroni.dynamic.json}, patronictl's output and the {@code config} it writes), {@link #compact} is
 * {@code separators=(',', ':')} (what the daemon writes into the DCS).
 *
 * <p>Values may be {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence}, {@link Map},
 * {@link Iterable} or arrays of objects; anything else is written as the string of its {@code toString()}, as
 * Patroni's REST API does with {@code default=str}.
 */
public final class PyJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyJson() {
    }

    /** {@code json.dumps(value)}: {@code {"ttl": 30, "tags": ["a", "b"]}}. */
    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, ", ", ": ");
        return out.toString();
    }

    /** {@code json.dumps(value, separators=(',', ':'))}: {@code {"ttl":30,"tags":["a","b"]}}. */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, ",", ":");
        return out.toString();
    }

    /** A JSON string literal of {@code s}, quotes included, escaped as {@code ensure_ascii} does. */
    public static String quote(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        string(out, s);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String itemSeparator, String keySeparator) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.append(PyFloat.json(floatValue((Number) value)));
        } else if (value instanceof Number n) {
            out.append(n instanceof BigInteger || n instanceof Long || n instanceof Integer || n instanceof Short
                    || n instanceof Byte ? n.toString() : String.valueOf(n.longValue()));
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                key(out, e.getKey());
                out.append(keySeparator);
                write(out, e.getValue(), itemSeparator, keySeparator);
                if (it.hasNext()) {
                    out.append(itemSeparator);
                }
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(itemSeparator);
                }
                first = false;
                write(out, item, itemSeparator, keySeparator);
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(out, java.util.Arrays.asList(array), itemSeparator, keySeparator);
        } else {
            string(out, value.toString());
        }
    }

    /** Keys are strings; Python turns numbers, booleans and None into their JSON text first. */
    private static void key(StringBuilder out, Object key) {
        if (key == null) {
            string(out, "null");
        } else if (key instanceof Boolean || key instanceof Number) {
            StringBuilder text = new StringBuilder();
            write(text, key, "", "");
            string(out, text);
        } else {
            string(out, key.toString());
        }
    }

    private static double floatValue(Number n) {
        // a Float is the float32 a YAML or JSON reader made of a decimal: its shortest digits, not its binary value
        return n instanceof Float f ? Double.parseDouble(f.toString()) : n.doubleValue();
    }

    private static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
                out.append(c);
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append('"');
    }
}
