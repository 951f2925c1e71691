package io.jpatroni.restapi.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.restapi.CapturedStatus;
import io.jpatroni.restapi.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every captured Patroni 3.0.2 health-check status, recomputed from equivalent snapshots. */
class StatusCodesReplayTest {
    private static final HealthCheck CHECK = new HealthCheck(Fixtures.CLOCK);

    static Stream<CapturedStatus> healthRows() {
        return CapturedStatus.rows().filter(r -> !r.isMonitoring());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("healthRows")
    void sameStatusAsPatroni(CapturedStatus row) {
        int status = CHECK.statusFor(Endpoint.forPath(row.path()), row.snapshot(), HealthQuery.parse(row.queryParams()));
        assertThat(status).isEqualTo(row.status());
    }

    @org.junit.jupiter.api.Test
    void coversBothRolesAndAllMethods() {
        assertThat(healthRows().count()).isEqualTo(2 * (24 + 10));
    }
}
