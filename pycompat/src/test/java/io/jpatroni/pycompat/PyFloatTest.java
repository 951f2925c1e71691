package io.jpatroni.pycompat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyFloatTest {

    /** Right column: Python 3.11's {@code repr(float(LEFT))}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.0, 0.0", "-0.0, -0.0", "1.0, 1.0", "2.5, 2.5", "100.0, 100.0", "0.1, 0.1", "0.3, 0.3",
        "0.3333333333333333, 0.3333333333333333",
        "1e16, 1e+16", "1e15, 1000000000000000.0", "123456789012345678.0, 1.2345678901234568e+17",
        "1234567890123456.7, 1234567890123456.8", "12345678901234567.0, 1.2345678901234568e+16",
        "9007199254740993.0, 9007199254740992.0",
        "1e-5, 1e-05", "0.0001, 0.0001", "0.00012345, 0.00012345", "-1.5e-7, -1.5e-07",
        "1e22, 1e+22", "1e23, 1e+23", "2e23, 2e+23", "4.9e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "NaN, nan", "Infinity, inf", "-Infinity, -inf"})
    void reprAsPython(String value, String python) {
        assertThat(PyFloat.repr(Double.parseDouble(value))).isEqualTo(python);
    }
}
