package io.jpatroni.pycompat;

/** Python's {@code str()} of a scalar read from JSON or YAML, as patronictl prints table cells. */
public final class PyStr {
    private PyStr() {
    }

    /** {@code None}, {@code True}/{@code False}, floats as {@link PyFloat#repr}, anything else its toString(). */
    public static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Float f) {
            return PyFloat.repr(Double.parseDouble(f.toString()));
        }
        if (value instanceof Double d) {
            return PyFloat.repr(d);
        }
        return value.toString();
    }
}
