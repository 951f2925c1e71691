package io.jpatroni.restapi;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/** {@code GET /metrics}: Prometheus text with the metric names, help and types of Patroni 3.0.2. */
final class MetricsText {
    private MetricsText() {
    }

    static String render(NodeSnapshot s) {
        StringBuilder out = new StringBuilder(3500);
        String labels = "{scope=\"" + s.scope().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        Optional<PostgresStatus> pg = s.postgres();
        Xlog xlog = pg.map(PostgresStatus::xlog).orElse(null);
        Xlog.Replica replica = xlog instanceof Xlog.Replica r ? r : null;
        boolean running = s.isRunning();

        metric(out, labels, "patroni_version", "gauge", "Patroni semver without periods.", semver(s.patroniVersion()));
        metric(out, labels, "patroni_postgres_running", "gauge", "Value is 1 if Postgres is running, 0 otherwise.",
                bit(running));
        metric(out, labels, "patroni_postmaster_start_time", "gauge", "Epoch seconds since Postgres started.",
                pg.flatMap(PostgresStatus::postmasterStartTime).map(MetricsText::epoch).orElse("0"));
        String primary = bit(NodeSnapshot.ROLE_PRIMARY.equals(s.role()));
        metric(out, labels, "patroni_master", "gauge", "Value is 1 if this node is the leader, 0 otherwise.", primary);
        metric(out, labels, "patroni_primary", "gauge", "Value is 1 if this node is the leader, 0 otherwise.", primary);
        metric(out, labels, "patroni_xlog_location", "counter",
                "Current location of the Postgres transaction log, 0 if this node is not the leader.",
                xlog instanceof Xlog.Primary p ? Long.toString(p.location()) : "0");
        metric(out, labels, "patroni_standby_leader", "gauge",
                "Value is 1 if this node is the standby_leader, 0 otherwise.",
                bit(NodeSnapshot.ROLE_STANDBY_LEADER.equals(s.role())));
        metric(out, labels, "patroni_replica", "gauge", "Value is 1 if this node is a replica, 0 otherwise.",
                bit(NodeSnapshot.ROLE_REPLICA.equals(s.role())));
        metric(out, labels, "patroni_sync_standby", "gauge",
                "Value is 1 if this node is a sync standby replica, 0 otherwise.", bit(s.syncStandby()));
        metric(out, labels, "patroni_xlog_received_location", "counter",
                "Current location of the received Postgres transaction log, 0 if this node is not a replica.",
                replica == null ? "0" : Long.toString(replica.receivedLocation()));
        metric(out, labels, "patroni_xlog_replayed_location", "counter",
                "Current location of the replayed Postgres transaction log, 0 if this node is not a replica.",
                replica == null ? "0" : Long.toString(replica.replayedLocation()));
        metric(out, labels, "patroni_xlog_replayed_timestamp", "gauge",
                "Current timestamp of the replayed Postgres transaction log, 0 if null.",
                replica == null ? "0" : replica.replayedTimestamp().map(MetricsText::epoch).orElse("0"));
        metric(out, labels, "patroni_xlog_paused", "gauge", "Value is 1 if the Postgres xlog is paused, 0 otherwise.",
                bit(replica != null && replica.paused()));
        // Patroni writes a blank between this metric's name and its labels; kept for byte compatibility.
        metric(out, " " + labels, "patroni_postgres_server_version", "gauge",
                "Version of Postgres (if running), 0 otherwise.",
                Integer.toString(pg.map(PostgresStatus::serverVersion).orElse(0)));
        metric(out, labels, "patroni_cluster_unlocked", "gauge",
                "Value is 1 if the cluster is unlocked, 0 if locked.", bit(s.clusterUnlocked()));
        metric(out, labels, "patroni_failsafe_mode_is_active", "gauge",
                "Value is 1 if the cluster is unlocked, 0 if locked.", bit(s.failsafeModeIsActive()));
        metric(out, labels, "patroni_postgres_timeline", "counter",
                "Postgres timeline of this node (if running), 0 otherwise.",
                Long.toString(pg.map(PostgresStatus::timeline).orElse(0L)));
        metric(out, labels, "patroni_dcs_last_seen", "gauge",
                "Epoch timestamp when DCS was last contacted successfully by Patroni.", Long.toString(s.dcsLastSeen()));
        metric(out, labels, "patroni_pending_restart", "gauge",
                "Value is 1 if the node needs a restart, 0 otherwise.", bit(s.pendingRestart()));
        metric(out, labels, "patroni_is_paused", "gauge",
                "Value is 1 if auto failover is disabled, 0 otherwise.", bit(s.pause()));
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
