package io.jpatroni.restapi;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /metrics}: Prometheus text with Patroni's metric names and help lines. The union of what Patroni 3.0.2
 * and 4.x emit, in their order, each with the label set of 4.x ({@code scope} and {@code name}):
 * <ul>
 *   <li>3.0.2's metrics, {@code patroni_master} included (4.x dropped it; dashboards of 3.0.2 still ask for it);</li>
 *   <li>4.x's additions: {@code patroni_quorum_standby}, {@code patroni_postgres_streaming} and
 *       {@code patroni_postgres_in_archive_recovery} (when the server is 9.6+), {@code patroni_postgres_state} with
 *       its {@code # Values:} line;</li>
 *   <li>4.x's help lines where they changed (the failsafe one 3.0.2 copied from {@code patroni_cluster_unlocked}).</li>
 * </ul>
 * One deliberate difference from both: the four positions Patroni declares {@code counter}
 * ({@code patroni_xlog_location}, {@code patroni_xlog_received_location}, {@code patroni_xlog_replayed_location},
 * {@code patroni_postgres_timeline}) are declared {@code gauge}. They drop to 0 when the role changes, so they are not
 * counters, and a counter without {@code _total} fails {@code promtool check metrics}; the names and values are
 * Patroni's, so every query written for Patroni still works. {@code JsonBodiesTest} pins each difference against the
 * 3.0.2 capture.
 */
public final class MetricsText {
    /**
     * Patroni 4.x's {@code PostgresqlState} indexes (fixed by Patroni for monitoring), by state word; an unknown word
     * is -1.
     */
    static final List<String> STATES = List.of("initializing new cluster", "initdb failed",
            "running custom bootstrap script", "custom bootstrap failed", "creating replica", "running", "starting",
            "starting after custom bootstrap", "start failed", "restarting", "restart failed", "stopping", "stopped",
            "stop failed", "crashed");
    private static final String STATE_VALUES = "0=initdb, 1=initdb_failed, 2=custom_bootstrap, "
            + "3=custom_bootstrap_failed, 4=creating_replica, 5=running, 6=starting, 7=bootstrap_starting, "
            + "8=start_failed, 9=restarting, 10=restart_failed, 11=stopping, 12=stopped, 13=stop_failed, 14=crashed";

    private MetricsText() {
    }

    /** {@code scope="demo",name="node1"}: the labels every metric of the node carries, escaped. */
    public static String labels(String scope, String name) {
        return "scope=\"" + escape(scope) + "\",name=\"" + escape(name) + "\"";
    }

    /** Patroni's metrics of {@code s}, as {@code GET /metrics} starts. */
    public static String render(NodeSnapshot s) {
        StringBuilder out = new StringBuilder(5000);
        String labels = "{" + labels(s.scope(), s.name()) + "}";
        Optional<PostgresStatus> pg = s.postgres();
        Xlog xlog = pg.map(PostgresStatus::xlog).orElse(null);
        Xlog.Replica replica = xlog instanceof Xlog.Replica r ? r : null;
        int serverVersion = pg.map(PostgresStatus::serverVersion).orElse(0);
        Optional<String> replicationState = pg.flatMap(PostgresStatus::replicationState);

        metric(out, labels, "patroni_version", "gauge", "Patroni semver without periods.", semver(s.patroniVersion()));
        metric(out, labels, "patroni_postgres_running", "gauge", "Value is 1 if Postgres is running, 0 otherwise.",
                bit(s.isRunning()));
        metric(out, labels, "patroni_postmaster_start_time", "gauge", "Epoch seconds since Postgres started.",
                pg.flatMap(PostgresStatus::postmasterStartTime).map(MetricsText::epoch).orElse("0"));
        String primary = bit(NodeSnapshot.ROLE_PRIMARY.equals(s.role()));
        metric(out, labels, "patroni_master", "gauge", "Value is 1 if this node is the leader, 0 otherwise.", primary);
        metric(out, labels, "patroni_primary", "gauge", "Value is 1 if this node is the leader, 0 otherwise.", primary);
        metric(out, labels, "patroni_xlog_location", "gauge",
                "Current location of the Postgres transaction log, 0 if this node is not the leader.",
                xlog instanceof Xlog.Primary p ? Long.toString(p.location()) : "0");
        metric(out, labels, "patroni_standby_leader", "gauge",
                "Value is 1 if this node is the standby_leader, 0 otherwise.",
                bit(NodeSnapshot.ROLE_STANDBY_LEADER.equals(s.role())));
        metric(out, labels, "patroni_replica", "gauge", "Value is 1 if this node is a replica, 0 otherwise.",
                bit(NodeSnapshot.ROLE_REPLICA.equals(s.role())));
        metric(out, labels, "patroni_sync_standby", "gauge",
                "Value is 1 if this node is a sync standby, 0 otherwise.", bit(s.syncStandby()));
        metric(out, labels, "patroni_quorum_standby", "gauge",
                "Value is 1 if this node is a quorum standby, 0 otherwise.", bit(s.quorumStandby()));
        metric(out, labels, "patroni_xlog_received_location", "gauge",
                "Current location of the received Postgres transaction log, 0 if this node is not a replica.",
                replica == null ? "0" : Long.toString(replica.receivedLocation()));
        metric(out, labels, "patroni_xlog_replayed_location", "gauge",
                "Current location of the replayed Postgres transaction log, 0 if this node is not a replica.",
                replica == null ? "0" : Long.toString(replica.replayedLocation()));
        metric(out, labels, "patroni_xlog_replayed_timestamp", "gauge",
                "Current timestamp of the replayed Postgres transaction log, 0 if null.",
                replica == null ? "0" : replica.replayedTimestamp().map(MetricsText::epoch).orElse("0"));
        metric(out, labels, "patroni_xlog_paused", "gauge", "Value is 1 if the Postgres xlog is paused, 0 otherwise.",
                bit(replica != null && replica.paused()));
        if (serverVersion >= 90600) {
            metric(out, labels, "patroni_postgres_streaming", "gauge",
                    "Value is 1 if Postgres is streaming, 0 otherwise.",
                    bit(replicationState.filter("streaming"::equals).isPresent()));
            metric(out, labels, "patroni_postgres_in_archive_recovery", "gauge",
                    "Value is 1 if Postgres is replicating from archive, 0 otherwise.",
                    bit(replicationState.filter("in archive recovery"::equals).isPresent()));
        }
        // Patroni writes a blank between this metric's name and its labels; kept (Prometheus and promtool accept it).
        metric(out, " " + labels, "patroni_postgres_server_version", "gauge",
                "Version of Postgres (if running), 0 otherwise.", Integer.toString(serverVersion));
        metric(out, labels, "patroni_cluster_unlocked", "gauge",
                "Value is 1 if the cluster is unlocked, 0 if locked.", bit(s.clusterUnlocked()));
        metric(out, labels, "patroni_failsafe_mode_is_active", "gauge",
                "Value is 1 if failsafe mode is active, 0 if inactive.", bit(s.failsafeModeIsActive()));
        metric(out, labels, "patroni_postgres_timeline", "gauge",
                "Postgres timeline of this node (if running), 0 otherwise.",
                Long.toString(pg.map(PostgresStatus::timeline).orElse(0L)));
        metric(out, labels, "patroni_dcs_last_seen", "gauge",
                "Epoch timestamp when DCS was last contacted successfully by Patroni.", Long.toString(s.dcsLastSeen()));
        metric(out, labels, "patroni_pending_restart", "gauge",
                "Value is 1 if the node needs a restart, 0 otherwise.", bit(s.pendingRestart()));
        metric(out, labels, "patroni_is_paused", "gauge",
                "Value is 1 if auto failover is disabled, 0 otherwise.", bit(s.pause()));
        out.append("# HELP patroni_postgres_state Numeric representation of Postgres state.\n")
                .append("# Values: ").append(STATE_VALUES).append('\n')
                .append("# TYPE patroni_postgres_state gauge\n")
                .append("patroni_postgres_state").append(labels).append(' ').append(STATES.indexOf(s.state()))
                .append('\n');
        return out.toString();
    }

    private static void metric(StringBuilder out, String labels, String name, String type, String help, String value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** {@code 3.0.2} → {@code 030002}. */
    static String semver(String version) {
        StringBuilder sb = new StringBuilder();
        for (String part : version.split("\\.")) {
            sb.append(part.length() < 2 ? "0" + part : part);
        }
        return sb.toString();
    }

    /** Epoch seconds as Python prints a float: {@code 1795311262.761039}, {@code 1795311262.0}. */
    static String epoch(OffsetDateTime t) {
        BigDecimal seconds = BigDecimal.valueOf(t.toEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 1000, 6));
        String text = seconds.stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }
}
