package io.jpatroni.restapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Renders the JSON bodies exactly as Patroni's {@code json.dumps} does: same key order, {@code ", "} and {@code ": "}. */
final class JsonBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private JsonBodies() {
    }

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] render(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(PythonJson.spacing());
            g.setCodec(MAPPER);
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code GET /patroni} and the body of every GET health check. */
    static byte[] status(NodeSnapshot s) {
        return render(g -> {
            g.writeStartObject();
            g.writeStringField("state", s.state());
            s.postgres().ifPresent(p -> p.postmasterStartTime().ifPresent(t -> uncheckedString(g,
                    "postmaster_start_time", pythonTime(t))));
            g.writeStringField("role", s.role());
            if (s.postgres().isPresent()) {
                writePostgres(g, s.postgres().get(), s.syncStandby());
            }
            if (s.pause()) {
                g.writeBooleanField("pause", true);
            }
            if (s.clusterUnlocked()) {
                g.writeBooleanField("cluster_unlocked", true);
            }
            if (s.failsafeModeIsActive()) {
                g.writeBooleanField("failsafe_mode_is_active", true);
            }
            g.writeNumberField("dcs_last_seen", s.dcsLastSeen());
            if (!s.tags().isEmpty()) {
                g.writeObjectField("tags", s.tags());
            }
            if (s.databaseSystemIdentifier().isPresent()) {
                g.writeStringField("database_system_identifier", s.databaseSystemIdentifier().get());
            }
            if (s.pendingRestart()) {
                g.writeBooleanField("pending_restart", true);
                if (!s.pendingRestartReason().isEmpty()) {
                    g.writeObjectField("pending_restart_reason", s.pendingRestartReason());
                }
            }
            g.writeObjectFieldStart("patroni");
            g.writeStringField("version", s.patroniVersion());
            g.writeStringField("scope", s.scope());
            g.writeEndObject();
            if (s.scheduledRestart().isPresent()) {
                g.writeObjectField("scheduled_restart", s.scheduledRestart().get());
            }
            g.writeEndObject();
        });
    }

    private static void writePostgres(JsonGenerator g, PostgresStatus p, boolean syncStandby) throws IOException {
        g.writeNumberField("server_version", p.serverVersion());
        g.writeObjectFieldStart("xlog");
        if (p.xlog() instanceof Xlog.Primary primary) {
            g.writeNumberField("location", primary.location());
        } else if (p.xlog() instanceof Xlog.Replica r) {
            g.writeNumberField("received_location", r.receivedLocation());
            g.writeNumberField("replayed_location", r.replayedLocation());
            g.writeFieldName("replayed_timestamp");
            if (r.replayedTimestamp().isPresent()) {
                g.writeString(pythonTime(r.replayedTimestamp().get()));
            } else {
                g.writeNull();
            }
            g.writeBooleanField("paused", r.paused());
        }
        g.writeEndObject();
        if (syncStandby) {
            g.writeBooleanField("sync_standby", true);
        }
        if (p.timeline() > 0) {
            g.writeNumberField("timeline", p.timeline());
        }
        if (p.replicationState().isPresent()) {
            g.writeStringField("replication_state", p.replicationState().get());
        }
        if (!p.replication().isEmpty()) {
            g.writeArrayFieldStart("replication");
            for (PostgresStatus.ReplicationRow r : p.replication()) {
                g.writeStartObject();
                g.writeStringField("usename", r.usename());
                g.writeStringField("application_name", r.applicationName());
                g.writeStringField("client_addr", r.clientAddr());
                g.writeStringField("state", r.state());
                g.writeStringField("sync_state", r.syncState());
                g.writeNumberField("sync_priority", r.syncPriority());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** {@code GET /cluster}, shaped like Patroni's {@code cluster_as_json}. */
    static byte[] cluster(ClusterView c) {
        return render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("members");
            for (ClusterView.MemberView m : c.members()) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("role", m.role());
                g.writeStringField("state", m.state());
                g.writeStringField("api_url", m.apiUrl());
                if (m.host().isPresent()) {
                    g.writeStringField("host", m.host().get());
                    if (m.port().isPresent()) {
                        g.writeNumberField("port", m.port().getAsInt());
                    }
                }
                if (m.timeline().isPresent()) {
                    g.writeNumberField("timeline", m.timeline().getAsLong());
                }
                if (m.pendingRestart()) {
                    g.writeBooleanField("pending_restart", true);
                }
                if (m.scheduledRestart().isPresent()) {
                    g.writeObjectField("scheduled_restart", m.scheduledRestart().get());
                }
                if (!m.tags().isEmpty()) {
                    g.writeObjectField("tags", m.tags());
                }
                if (!m.isLeader()) {
                    if (m.lag().isPresent()) {
                        g.writeNumberField("lag", m.lag().getAsLong());
                    } else {
                        g.writeStringField("lag", "unknown");
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (c.pause()) {
                g.writeBooleanField("pause", true);
            }
            if (c.scheduledSwitchover().isPresent()) {
                ClusterView.ScheduledSwitchover s = c.scheduledSwitchover().get();
                g.writeObjectFieldStart("scheduled_switchover");
                g.writeStringField("at", s.at());
                if (s.from().isPresent()) {
                    g.writeStringField("from", s.from().get());
                }
                if (s.to().isPresent()) {
                    g.writeStringField("to", s.to().get());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /** {@code GET /history}: a list of {@code [timeline, lsn, reason, timestamp, new_leader]}. */
    static byte[] history(Iterable<HistoryRow> rows) {
        return render(g -> {
            g.writeStartArray();
            for (HistoryRow r : rows) {
                g.writeStartArray();
                g.writeNumber(r.timeline());
                g.writeNumber(r.lsn());
                g.writeString(r.reason());
                if (r.timestamp().isPresent()) {
                    g.writeString(r.timestamp().get());
                    if (r.newLeader().isPresent()) {
                        g.writeString(r.newLeader().get());
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    /** Python's {@code str(datetime)}: {@code 2026-11-22 01:34:22.761039+00:00} (fraction only when non-zero). */
    static String pythonTime(OffsetDateTime t) {
        int micros = t.getNano() / 1000;
        String fraction = micros == 0 ? "" : String.format(".%06d", micros);
        return SECONDS.format(t) + fraction + OFFSET.format(t);
    }

    private static void uncheckedString(JsonGenerator g, String field, String value) {
        try {
            g.writeStringField(field, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /config}: the DCS value re-rendered in Python's style; empty when it is not valid JSON. */
    static java.util.Optional<byte[]> config(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            return tree == null || tree.isMissingNode() ? java.util.Optional.empty()
                    : java.util.Optional.of(render(g -> g.writeTree(tree)));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
