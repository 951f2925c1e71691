package io.jpatroni.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.daemon.decision.Action;
import io.jpatroni.restapi.MetricsText;
import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.PostgresStatus;
import io.jpatroni.restapi.Xlog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole {@code GET /metrics} text (Patroni's part and jpatroni's) as Prometheus tooling sees it: the Grafana
 * dashboard in {@code contrib/grafana} asks only for names it emits, and {@code promtool check metrics} accepts it.
 */
class MetricsExpositionTest {
    private static final Path DASHBOARD = Path.of("..", "contrib", "grafana", "jpatroni.json");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Pattern NAME = Pattern.compile("\\b(j?patroni_[a-z0-9_]+)");

    /** Every situation that adds or removes metrics: a primary, a streaming replica, a stopped node. */
    static List<String> renders() {
        DaemonMetrics own = new DaemonMetrics();
        own.cycle("leader", new Action.NoAction(), Duration.ofMillis(12));
        own.dcsError("update_leader");
        OffsetDateTime started = OffsetDateTime.parse("2026-11-22T01:34:22.761039Z");
        NodeSnapshot primary = NodeSnapshot.builder("node1", "demo", "3.0.2").state("running")
                .role(NodeSnapshot.ROLE_PRIMARY).dcs(true, false).dcsLastSeen(1795311291)
                .postgres(PostgresStatus.primary(started, 150018, 67108960, 2, List.of())).build();
        NodeSnapshot replica = NodeSnapshot.builder("node2", "demo", "3.0.2").state("running")
                .role(NodeSnapshot.ROLE_REPLICA).dcs(true, false).dcsLastSeen(1795311291)
                .postgres(PostgresStatus.replica(started, 150018,
                        new Xlog.Replica(67108960, 67108900, Optional.of(started), false), 2, Optional.of("streaming")))
                .build();
        NodeSnapshot stopped = NodeSnapshot.builder("node3", "demo", "3.0.2").state("stopped").build();
        List<String> out = new ArrayList<>();
        for (NodeSnapshot s : List.of(primary, replica, stopped)) {
            StringBuilder text = new StringBuilder(MetricsText.render(s));
            own.appendTo(text, MetricsText.labels(s.scope(), s.name()));
            out.add(text.toString());
        }
        return out;
    }

    /** The names of the samples (the text before the labels): what a query can ask for. */
    static Set<String> emittedNames() {
        Set<String> names = new TreeSet<>();
        for (String text : renders()) {
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    names.add(line.substring(0, line.indexOf('{')).strip());
                }
            }
        }
        return names;
    }

    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("query").has("query")) {
                exprs.add(variable.path("query").path("query").asText());
            }
        }
        return exprs;
    }

    @Test
    void theDashboardAsksOnlyForMetricsTheNodeEmits() throws IOException {
        Set<String> emitted = emittedNames();
        Set<String> asked = new TreeSet<>();
        for (String expr : dashboardExpressions()) {
            Matcher m = NAME.matcher(expr);
            while (m.find()) {
                asked.add(m.group(1));
            }
        }
        assertThat(emitted).containsAll(asked);
        // and it shows what it is for: roles, lag, timeline, cycle duration, DCS last seen, pause and failsafe
        assertThat(asked).contains("patroni_primary", "patroni_replica", "patroni_xlog_location",
                "patroni_xlog_replayed_location", "patroni_postgres_timeline", "jpatroni_ha_cycle_duration_seconds_bucket",
                "patroni_dcs_last_seen", "patroni_is_paused", "patroni_failsafe_mode_is_active");
    }

    @Test
    void promtoolAcceptsEveryRender() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus) is not installed");
        for (String text : renders()) {
            Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output + "\n" + text).isZero();
        }
    }
}
