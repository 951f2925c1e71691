package io.jpatroni.restapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.pycompat.PyJson;
import io.jpatroni.pycompat.PyTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies exactly as Patroni's {@code json.dumps} writes them: Patroni's key order, {@code ", "} and
 * {@code ": "}, non-ASCII escaped ({@link PyJson#dumps}).
 */
final class JsonBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    /** {@code GET /patroni} and the body of every GET health check. */
    static byte[] status(NodeSnapshot s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", s.state());
        s.postgres().flatMap(PostgresStatus::postmasterStartTime)
                .ifPresent(t -> body.put("postmaster_start_time", PyTime.str(t)));
        body.put("role", s.role());
        s.postgres().ifPresent(p -> putPostgres(body, p, s.syncStandby(), s.quorumStandby()));
        if (s.pause()) {
            body.put("pause", true);
        }
        if (s.clusterUnlocked()) {
            body.put("cluster_unlocked", true);
        }
        if (s.failsafeModeIsActive()) {
            body.put("failsafe_mode_is_active", true);
        }
        body.put("dcs_last_seen", s.dcsLastSeen());
        if (!s.tags().isEmpty()) {
            body.put("tags", s.tags());
        }
        s.databaseSystemIdentifier().ifPresent(id -> body.put("database_system_identifier", id));
        if (s.pendingRestart()) {
            body.put("pending_restart", true);
            if (!s.pendingRestartReason().isEmpty()) {
                body.put("pending_restart_reason", s.pendingRestartReason());
            }
        }
        Map<String, Object> patroni = new LinkedHashMap<>();
        patroni.put("version", s.patroniVersion());
        patroni.put("scope", s.scope());
        body.put("patroni", patroni);
        s.scheduledRestart().ifPresent(r -> body.put("scheduled_restart", r));
        if (s.watchdogFailed()) {
            body.put("watchdog_failed", true);
        }
        return bytes(body);
    }

    private static void putPostgres(Map<String, Object> body, PostgresStatus p, boolean syncStandby,
                                    boolean quorumStandby) {
        body.put("server_version", p.serverVersion());
        Map<String, Object> xlog = new LinkedHashMap<>();
        if (p.xlog() instanceof Xlog.Primary primary) {
            xlog.put("location", primary.location());
        } else if (p.xlog() instanceof Xlog.Replica r) {
            xlog.put("received_location", r.receivedLocation());
            xlog.put("replayed_location", r.replayedLocation());
            xlog.put("replayed_timestamp", r.replayedTimestamp().map(PyTime::str).orElse(null));
            xlog.put("paused", r.paused());
        }
        body.put("xlog", xlog);
        if (syncStandby) {
            body.put("sync_standby", true);
        }
        if (quorumStandby) {
            body.put("quorum_standby", true);
        }
        if (p.timeline() > 0) {
            body.put("timeline", p.timeline());
        }
        p.replicationState().ifPresent(state -> body.put("replication_state", state));
        if (!p.replication().isEmpty()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PostgresStatus.ReplicationRow r : p.replication()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("usename", r.usename());
                row.put("application_name", r.applicationName());
                row.put("client_addr", r.clientAddr());
                row.put("state", r.state());
                row.put("sync_state", r.syncState());
                row.put("sync_priority", r.syncPriority());
                rows.add(row);
            }
            body.put("replication", rows);
        }
    }

    /** {@code GET /cluster}, shaped like Patroni's {@code cluster_as_json}. */
    static byte[] cluster(ClusterBody c) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (ClusterBody.MemberBody m : c.members()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("name", m.name());
            member.put("role", m.role());
            member.put("state", m.state());
            member.put("api_url", m.apiUrl());
            if (m.host().isPresent()) {
                member.put("host", m.host().get());
                m.port().ifPresent(port -> member.put("port", port));
            }
            m.timeline().ifPresent(tl -> member.put("timeline", tl));
            if (m.pendingRestart()) {
                member.put("pending_restart", true);
            }
            m.scheduledRestart().ifPresent(r -> member.put("scheduled_restart", r));
            if (!m.tags().isEmpty()) {
                member.put("tags", m.tags());
            }
            if (!m.isLeader()) {
                member.put("lag", m.lag().isPresent() ? (Object) m.lag().getAsLong() : "unknown");
            }
            members.add(member);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", members);
        if (c.pause()) {
            body.put("pause", true);
        }
        c.scheduledSwitchover().ifPresent(s -> {
            Map<String, Object> switchover = new LinkedHashMap<>();
            switchover.put("at", s.at());
            s.from().ifPresent(from -> switchover.put("from", from));
            s.to().ifPresent(to -> switchover.put("to", to));
            body.put("scheduled_switchover", switchover);
        });
        return bytes(body);
    }

    /** {@code GET /history}: a list of {@code [timeline, lsn, reason, timestamp, new_leader]}. */
    static byte[] history(Iterable<HistoryRow> rows) {
        List<List<Object>> lines = new ArrayList<>();
        for (HistoryRow r : rows) {
            List<Object> line = new ArrayList<>(List.of(r.timeline(), r.lsn(), r.reason()));
            r.timestamp().ifPresent(t -> {
                line.add(t);
                r.newLeader().ifPresent(line::add);
            });
            lines.add(line);
        }
        return bytes(lines);
    }

    /** {@code GET /config}: the DCS value re-rendered in Python's style; empty when it is not valid JSON. */
    static Optional<byte[]> config(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return tree == null || tree.isMissingNode() ? Optional.empty()
                    : Optional.of(bytes(MAPPER.convertValue(tree, Object.class)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code GET /failsafe}: the {@code failsafe} key, {@code {member: api_url}}, as Patroni's json.dumps writes it. */
    static byte[] failsafe(Map<String, String> members) {
        return bytes(members);
    }

    private static byte[] bytes(Object body) {
        return PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII);
    }
}
