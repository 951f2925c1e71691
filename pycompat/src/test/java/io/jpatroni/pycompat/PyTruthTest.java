package io.jpatroni.pycompat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTruthTest {

    @Test
    void flags() {
        for (Object yes : List.of(true, 1, 2L, -1, 0.5, "true", "True", " yes ", "ON", "1", "y", "t")) {
            assertThat(PyTruth.flag(yes)).as("%s", yes).isTrue();
        }
        for (Object no : List.of(false, 0, 0L, 0.0, "", "false", "no", "off", "0", "2", "maybe", Map.of("a", 1),
                List.of(1))) {
            assertThat(PyTruth.flag(no)).as("%s", no).isFalse();
        }
        assertThat(PyTruth.flag(null)).isFalse();
    }

    @Test
    void pythonBool() {
        for (Object yes : List.of(true, 1, -2L, 0.1, BigInteger.TEN, "x", "false", " ", Map.of("a", 1), List.of(0),
                new Object())) {
            assertThat(PyTruth.bool(yes)).as("%s", yes).isTrue();
        }
        for (Object no : List.of(false, 0, 0L, 0.0, -0.0, BigInteger.ZERO, "", Map.of(), List.of())) {
            assertThat(PyTruth.bool(no)).as("%s", no).isFalse();
        }
        assertThat(PyTruth.bool(null)).isFalse();
    }
}
