package io.jpatroni.pycompat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PyStrTest {

    @Test
    void scalarsAsPythonStr() {
        assertThat(PyStr.of(null)).isEqualTo("None");
        assertThat(PyStr.of(true)).isEqualTo("True");
        assertThat(PyStr.of(false)).isEqualTo("False");
        assertThat(PyStr.of(30L)).isEqualTo("30");
        assertThat(PyStr.of(new BigInteger("12345678901234567890"))).isEqualTo("12345678901234567890");
        assertThat(PyStr.of(2.0)).isEqualTo("2.0");
        assertThat(PyStr.of(0.00001)).isEqualTo("1e-05");
        assertThat(PyStr.of(1e20)).isEqualTo("1e+20");
        assertThat(PyStr.of(0.1f)).isEqualTo("0.1");
        assertThat(PyStr.of(Double.NaN)).isEqualTo("nan");
        assertThat(PyStr.of("Zürich")).isEqualTo("Zürich");
    }
}
