package io.jpatroni.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LsnTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"0/0,0", "0/3000060,50331744", "1/0,4294967296", "FFFFFFFF/FFFFFFFF,-1", "16/B374D848,97500059720"})
    void roundTrips(String text, long value) {
        assertThat(Lsn.parse(text)).isEqualTo(value);
        assertThat(Lsn.format(value)).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "0", "/1", "1/", "x/1", "1/2/3", "100000000/0"})
    void rejectsGarbage(String text) {
        assertThatThrownBy(() -> Lsn.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void acceptsLowerCase() {
        assertThat(Lsn.parse("0/a0")).isEqualTo(0xA0);
    }
}
