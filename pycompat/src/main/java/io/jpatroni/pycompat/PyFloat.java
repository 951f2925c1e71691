package io.jpatroni.pycompat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double, in fixed notation when the
 * decimal exponent lies in [-4, 16) ({@code 0.0001}, {@code 1000000000000000.0}), else in exponent notation with a
 * signed two-digit exponent ({@code 1e-05}, {@code 1e+16}, {@code 1.2345678901234568e+17}).
 */
public final class PyFloat {
    private PyFloat() {
    }

    /** {@code repr(value)}; {@code nan}, {@code inf} and {@code -inf} for the special values. */
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();   // value = 0.DIGITS x 10^decimalPoint
        String sign = value < 0 ? "-" : "";
        if (decimalPoint > -4 && decimalPoint <= 16) {
            return sign + fixed(digits, decimalPoint);
        }
        int exponent = decimalPoint - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }

    /** A float as JSON: {@link #repr} with JavaScript's names for the special values, as {@code json.dumps}. */
    static String json(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return repr(value);
    }

    /** The fewest significant digits (nearest to the exact binary value) that parse back to {@code value}. */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String fixed(String digits, int decimalPoint) {
        if (decimalPoint <= 0) {
            return "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }
}
