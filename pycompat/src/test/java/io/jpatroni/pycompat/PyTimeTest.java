package io.jpatroni.pycompat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class PyTimeTest {

    @Test
    void isoformat() {
        // exactly what patronictl 3.0.2 writes for `switchover --scheduled`
        assertThat(PyTime.isoformat(OffsetDateTime.parse("2030-01-01T10:00+02:00")))
                .isEqualTo("2030-01-01T10:00:00+02:00");
        assertThat(PyTime.isoformat(OffsetDateTime.parse("2030-01-01T10:00:00.005+00:00")))
                .isEqualTo("2030-01-01T10:00:00.005000+00:00");
        assertThat(PyTime.isoformat(OffsetDateTime.parse("2026-11-22T01:35:24.283615Z")))
                .isEqualTo("2026-11-22T01:35:24.283615+00:00");
        // Python 3.11: datetime(2030,1,1,10,tzinfo=timezone(timedelta(hours=5,minutes=30,seconds=15))).isoformat()
        assertThat(PyTime.isoformat(OffsetDateTime.parse("2030-01-01T10:00+05:30:15")))
                .isEqualTo("2030-01-01T10:00:00+05:30:15");
        assertThat(PyTime.isoformat(OffsetDateTime.parse("2030-01-01T10:00:00.000000999-03:00")))
                .isEqualTo("2030-01-01T10:00:00-03:00");
    }

    @Test
    void str() {
        assertThat(PyTime.str(OffsetDateTime.parse("2026-11-22T01:34:22.761039Z")))
                .isEqualTo("2026-11-22 01:34:22.761039+00:00");
        assertThat(PyTime.str(OffsetDateTime.parse("2026-11-22T01:34:22+02:00")))
                .isEqualTo("2026-11-22 01:34:22+02:00");
        assertThat(PyTime.str(OffsetDateTime.parse("2030-01-01T10:00:00.005-03:00")))
                .isEqualTo("2030-01-01 10:00:00.005000-03:00");
    }

    @Test
    void timestampCutToPrecision() {
        // patronictl 3.0.2: datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')[:precision - 7]
        LocalDateTime t = LocalDateTime.parse("2026-11-22T01:34:22.761039");
        assertThat(PyTime.timestamp(t, 6)).isEqualTo("2026-11-22 01:34:22.76103");
        assertThat(PyTime.timestamp(t, 4)).isEqualTo("2026-11-22 01:34:22.761");
        assertThat(PyTime.timestamp(t, 1)).isEqualTo("2026-11-22 01:34:22.");
        assertThat(PyTime.timestamp(t, 0)).isEqualTo("2026-11-22 01:34:22");
        assertThat(PyTime.timestamp(LocalDateTime.parse("2026-11-22T01:34:22"), 6))
                .isEqualTo("2026-11-22 01:34:22.00000");
    }
}
