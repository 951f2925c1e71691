package io.jpatroni.ctl.render;

import java.math.BigDecimal;

/** Python's {@code str()} of JSON-like values, for table cells. */
public final class PyStr {
    private PyStr() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e16) {
                return new BigDecimal(d).toPlainString() + ".0";
            }
            return Double.toString(d);
        }
        return value.toString();
    }
}
