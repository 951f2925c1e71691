package io.jpatroni.watchdog.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootTimeTest {

    @Test
    void readsAndWritesUptimeNotation() {
        assertThat(BootTime.parse("12345.67")).isEqualTo(new BootTime(1_234_567));
        assertThat(BootTime.parse("12345.6")).isEqualTo(new BootTime(1_234_560));
        assertThat(BootTime.parse("12345")).isEqualTo(new BootTime(1_234_500));
        assertThat(BootTime.parse("0.05").toString()).isEqualTo("0.05");
        assertThat(new BootTime(1_234_507).toString()).isEqualTo("12345.07");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".5", "1.234", "12a", "-3", "1.2.3", "1. 5"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> BootTime.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDeadlineIsTheRenewalStartPlusTheTimeout() {
        BootTime renewal = BootTime.parse("1000.25");

        assertThat(renewal.plusSeconds(25)).isEqualTo(BootTime.parse("1025.25"));
        assertThat(renewal.plus(Duration.ofMillis(1_509))).isEqualTo(BootTime.parse("1001.75"));
        assertThat(renewal.until(BootTime.parse("1001.00"))).isEqualTo(Duration.ofMillis(750));
        assertThat(BootTime.parse("1001.00").until(renewal)).isEqualTo(Duration.ofMillis(-750));
        assertThat(renewal.isBefore(BootTime.parse("1000.26"))).isTrue();
    }

    @Test
    void theSystemClockIsProcUptimeAndAdvances() {
        BootTime first = BootClock.system().now();

        assertThat(first.centis()).isPositive();
        assertThat(BootClock.system().now()).isGreaterThanOrEqualTo(first);
    }
}
