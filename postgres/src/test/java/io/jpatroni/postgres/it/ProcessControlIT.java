package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.SUPERUSER;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.ParameterChange;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresState;
import io.jpatroni.postgres.process.PostmasterStatus;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.sql.JdbcConnection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stop escalation, adoption, crash detection, restart, reload and pending-restart reporting. */
class ProcessControlIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void smartStopBlockedByOpenTransactionEscalatesToFast() throws Exception {
        Postgres pg = nodes.primary("pg0");
        try (JdbcConnection c = JdbcConnection.regular(target(pg, SUPERUSER))) {
            c.run("open transaction", conn -> {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    st.execute("SELECT txid_current()");
                }
                return null;
            });
            long started = System.nanoTime();
            pg.stop(StopMode.SMART, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertThat(pg.state()).isEqualTo(PostgresState.STOPPED);
        assertThat(pg.status().kind()).isEqualTo(PostmasterStatus.Kind.NOT_RUNNING);
        assertThat(pg.controlData().clusterState()).isEqualTo("shut down");
        pg.stop(StopMode.FAST); // stopping a stopped server is a no-op
    }

    @Test
    void adoptsRunningPostmasterAndDetectsCrash() throws Exception {
        Postgres first = nodes.primary("pg0");
        Instant started = first.queries().postmasterStartTime();
        Postgres adopted = nodes.node(first.settings());
        assertThat(adopted.state()).isEqualTo(PostgresState.STOPPED);
        PostmasterStatus status = adopted.status();
        assertThat(status.isRunning()).isTrue();
        assertThat(adopted.state()).isEqualTo(PostgresState.RUNNING);
        assertThat(adopted.queries().postmasterStartTime()).isEqualTo(started);
        assertThatThrownBy(() -> adopted.start(Optional.empty())).hasMessageContaining("already running");

        ProcessHandle.of(status.pid()).orElseThrow().destroyForcibly(); // kill -9 the postmaster
        ProcessHandle.of(status.pid()).ifPresent(h -> h.onExit().join());
        assertThat(adopted.status().kind()).isEqualTo(PostmasterStatus.Kind.STALE_PID);
        assertThat(adopted.state()).isEqualTo(PostgresState.CRASHED);
        adopted.start(Optional.empty()); // crash recovery by the postmaster itself
        assertThat(adopted.queries().isInRecovery()).isFalse();
        assertThat(adopted.queries().postmasterStartTime()).isAfter(started);
    }

    @Test
    void reportsPendingRestartAndClearsItByRestart() {
        Postgres pg = nodes.primary("pg0");
        Map<String, String> params = new HashMap<>(pg.settings().parameters());
        params.put("work_mem", "8MB");
        ParameterChange reloadOnly = pg.changeParameters(params);
        assertThat(reloadOnly.changed()).containsExactly("work_mem");
        assertThat(reloadOnly.restartPending()).isFalse();
        assertThat(pg.queries().currentSetting("work_mem")).isEqualTo("8MB");

        params.put("shared_buffers", "24MB");
        params.put("max_connections", "25"); // a command-line parameter
        ParameterChange restart = pg.changeParameters(params);
        assertThat(restart.pendingRestart()).containsExactly("max_connections", "shared_buffers");
        assertThat(pg.queries().currentSetting("shared_buffers")).isEqualTo("16MB");

        pg.restart(StopMode.FAST);
        assertThat(pg.state()).isEqualTo(PostgresState.RUNNING);
        assertThat(pg.queries().currentSetting("shared_buffers")).isEqualTo("24MB");
        assertThat(pg.queries().currentSetting("max_connections")).isEqualTo("25");

        assertThat(pg.setSynchronousStandbyNames(Optional.of("\"pg1\"")).restartPending()).isFalse();
        assertThat(pg.queries().currentSetting("synchronous_standby_names")).isEqualTo("\"pg1\"");
        params.put("synchronous_standby_names", "configured");
        params.put("work_mem", "5MB");
        pg.changeParameters(params);
        assertThat(pg.queries().currentSetting("work_mem")).isEqualTo("5MB");
        assertThat(pg.queries().currentSetting("synchronous_standby_names"))
                .as("the managed value outlives a parameter change").isEqualTo("\"pg1\"");
        pg.setSynchronousStandbyNames(Optional.empty());
        assertThat(pg.queries().currentSetting("synchronous_standby_names")).isEmpty();
        pg.releaseSynchronousStandbyNames();
        assertThat(pg.queries().currentSetting("synchronous_standby_names")).isEqualTo("configured");
        pg.queries().checkpoint();
    }

}
