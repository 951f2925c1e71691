package io.jpatroni.dcs.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Leader;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.Status;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.pycompat.PyJson;
import io.jpatroni.pycompat.PyTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decodes the keys under a cluster prefix into a {@link Cluster} with Patroni's {@code from_node} tolerance (a
 * malformed value never throws), and encodes values byte-compatible with Patroni 3.0.2: {@link PyJson#compact},
 * Patroni's key names and order. Only the backends ({@link KvDcs} and {@code zookeeper.ZooKeeperDcs}) write and read
 * values; nothing outside {@code dcs} sees them ({@code DcsArchitectureTest}).
 */
public final class ClusterCodec {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCodec.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds the cluster from the keys of one range read; keys outside {@code keys} are ignored. */
    public Cluster decodeCluster(Keys keys, List<KeyValue> kvs) {
        Map<String, KeyValue> nodes = new HashMap<>();
        List<Member> members = new ArrayList<>();
        for (KeyValue kv : kvs) {
            String rel = keys.relative(kv.key());
            if (rel == null) {
                continue;
            }
            if (rel.startsWith(Keys.MEMBERS) && rel.indexOf('/', Keys.MEMBERS.length()) < 0
                    && rel.length() > Keys.MEMBERS.length()) {
                members.add(decodeMember(rel.substring(Keys.MEMBERS.length()), kv));
            } else {
                nodes.put(rel, kv);
            }
        }
        Optional<KeyValue> leaderKv = Optional.ofNullable(nodes.get(Keys.LEADER));
        Optional<Leader> leader = leaderKv.map(l -> new Leader(l.modRevision(), l.value(),
                members.stream().filter(m -> m.name().equals(l.value())).findFirst()));
        KeyValue status = nodes.getOrDefault(Keys.STATUS, nodes.get(Keys.LEADER_OPTIME));
        return new Cluster(
                Optional.ofNullable(nodes.get(Keys.INITIALIZE)).map(KeyValue::value),
                Optional.ofNullable(nodes.get(Keys.CONFIG)).map(c -> decodeConfig(c.modRevision(), c.value())),
                leader,
                status == null ? Status.EMPTY : decodeStatus(status.value()),
                members,
                Optional.ofNullable(nodes.get(Keys.FAILOVER)).flatMap(f -> decodeFailover(f.modRevision(), f.value())),
                Optional.ofNullable(nodes.get(Keys.SYNC)).map(s -> decodeSync(s.modRevision(), s.value())),
                Optional.ofNullable(nodes.get(Keys.HISTORY)).map(h -> decodeHistory(h.modRevision(), h.value())),
                Optional.ofNullable(nodes.get(Keys.FAILSAFE)).flatMap(f -> decodeFailsafe(f.value())));
    }

    /** Member JSON; a legacy {@code postgres://...?application_name=<api_url>} value; garbage gives empty data. */
    Member decodeMember(String name, KeyValue kv) {
        String value = kv.value();
        Map<String, Object> data;
        if (value.startsWith("postgres")) {
            data = legacyMember(value);
        } else {
            Optional<Object> parsed = parse(value);
            if (parsed.isPresent() && parsed.get() instanceof Map<?, ?> m) {
                data = castMap(m);
            } else {
                LOG.warn("member {}: value at {} is not a JSON object, using empty data", name, kv.key());
                data = Map.of();
            }
        }
        return new Member(name, kv.modRevision(), kv.lease(), data);
    }

    ClusterConfig decodeConfig(long modRevision, String value) {
        Optional<Object> parsed = parse(value);
        if (parsed.isPresent() && parsed.get() instanceof Map<?, ?> m) {
            return new ClusterConfig(modRevision, value, castMap(m));
        }
        LOG.warn("config: value is not a JSON object, using empty configuration");
        return new ClusterConfig(modRevision, value, Map.of());
    }

    /** {@code {"optime":..,"slots":{..},"retain_slots":[..]}} or a bare integer (legacy {@code optime/leader}). */
    Status decodeStatus(String value) {
        Object parsed = parse(value).orElse(null);
        if (parsed instanceof Number n) {
            return new Status(n.longValue(), Map.of(), List.of());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            return Status.EMPTY;
        }
        long optime = toLong(m.get("optime")).orElse(0);
        Map<String, Long> slots = new HashMap<>();
        if (m.get("slots") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> toLong(v).ifPresent(l -> slots.put(String.valueOf(k), l)));
        }
        List<String> retain = new ArrayList<>();
        if (m.get("retain_slots") instanceof List<?> r) {
            r.stream().filter(x -> x != null).forEach(x -> retain.add(x.toString()));
        }
        return new Status(optime, slots, retain);
    }

    /** Empty when the request names neither a leader nor a candidate ({@code {}} is "no failover", as in Patroni). */
    Optional<Failover> decodeFailover(long modRevision, String value) {
        Optional<Object> parsed = parse(value);
        Map<?, ?> m;
        if (parsed.isPresent()) {
            m = parsed.get() instanceof Map<?, ?> map ? map : Map.of();
        } else {
            String[] parts = value.split(":", -1);   // ancient "leader:candidate" form
            m = Map.of("leader", parts[0].trim(), "member", parts.length > 1 ? parts[1].trim() : "");
        }
        Optional<String> leader = nonEmpty(m.get("leader"));
        Optional<String> candidate = nonEmpty(m.get("member"));
        if (leader.isEmpty() && candidate.isEmpty()) {
            return Optional.empty();
        }
        Optional<OffsetDateTime> at = nonEmpty(m.get("scheduled_at")).flatMap(ClusterCodec::parseTime);
        return Optional.of(new Failover(modRevision, leader, candidate, at));
    }

    /** Garbage gives a sync state without leader (Patroni's {@code SyncState.empty}). */
    SyncState decodeSync(long modRevision, String value) {
        Object parsed = parse(value).orElse(null);
        if (!(parsed instanceof Map<?, ?> m)) {
            return new SyncState(modRevision, Optional.empty(), java.util.Set.of(), OptionalInt.empty());
        }
        Optional<String> leader = nonEmpty(m.get("leader"));
        java.util.Set<String> standbys = new java.util.LinkedHashSet<>();
        nonEmpty(m.get("sync_standby")).ifPresent(s -> {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    standbys.add(part.trim());
                }
            }
        });
        OptionalLong quorum = toLong(m.get("quorum"));
        OptionalInt q = leader.isPresent() && quorum.isPresent() ? OptionalInt.of((int) quorum.getAsLong()) : OptionalInt.empty();
        return new SyncState(modRevision, leader, standbys, q);
    }

    /** Lines that are not {@code [int, int, ...]} are skipped; a non-list value gives no lines. */
    TimelineHistory decodeHistory(long modRevision, String value) {
        List<HistoryLine> lines = new ArrayList<>();
        if (parse(value).orElse(null) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof List<?> l && l.size() >= 2) {
                    OptionalLong tl = toLong(l.get(0));
                    OptionalLong lsn = toLong(l.get(1));
                    if (tl.isPresent() && lsn.isPresent()) {
                        lines.add(new HistoryLine(tl.getAsLong(), lsn.getAsLong(),
                                l.size() > 2 && l.get(2) != null ? l.get(2).toString() : "",
                                l.size() > 3 ? nonEmpty(l.get(3)) : Optional.empty(),
                                l.size() > 4 ? nonEmpty(l.get(4)) : Optional.empty()));
                    }
                }
            }
        }
        return new TimelineHistory(modRevision, value, lines);
    }

    Optional<Map<String, String>> decodeFailsafe(String value) {
        if (parse(value).orElse(null) instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();   // the key's order, as Patroni's json.loads keeps it
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            return Optional.of(out);
        }
        return Optional.empty();
    }

    /**
     * Whether member value {@code after} differs from {@code before} in what Patroni's ZooKeeper backend announces
     * by re-creating the member znode (so that the leader's watch on the members' list fires): the tags, a state
     * change into or out of {@code running}, the version, {@code checkpoint_after_promote}. Unparsable values
     * count as different.
     */
    public boolean isSignificantMemberChange(String before, String after) {
        if (!(parse(before).orElse(null) instanceof Map<?, ?> old)
                || !(parse(after).orElse(null) instanceof Map<?, ?> now)) {
            return true;
        }
        Object oldState = old.get("state");
        Object newState = now.get("state");
        boolean stateKept = Objects.equals(oldState, newState)
                || !"running".equals(oldState) && !"running".equals(newState);
        return !(Objects.equals(tags(old), tags(now)) && stateKept
                && Objects.equals(old.get("version"), now.get("version"))
                && Objects.equals(old.get("checkpoint_after_promote"), now.get("checkpoint_after_promote")));
    }

    private static Object tags(Map<?, ?> member) {
        Object tags = member.get("tags");
        return tags == null ? Map.of() : tags;
    }

    // ---- encoding -------------------------------------------------------------------------

    /** Member JSON in the caller's key order (Patroni: conn_url, api_url, state, role, version, ...). */
    public String encodeMember(Map<String, Object> data) {
        return write(data);
    }

    /** {@code {"optime":N}} plus {@code slots} / {@code retain_slots} only when non-empty. */
    public String encodeStatus(long optime, Map<String, Long> slots, List<String> retainSlots) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optime", optime);
        if (!slots.isEmpty()) {
            m.put("slots", new TreeMap<>(slots));
        }
        if (!retainSlots.isEmpty()) {
            m.put("retain_slots", retainSlots);
        }
        return write(m);
    }

    /** {@code {"leader":..,"member":..,"scheduled_at":..}} with only the present fields (Patroni's manual_failover). */
    public String encodeFailover(Failover failover) {
        Map<String, Object> m = new LinkedHashMap<>();
        failover.leader().ifPresent(l -> m.put("leader", l));
        failover.candidate().ifPresent(c -> m.put("member", c));
        failover.scheduledAt().ifPresent(t -> m.put("scheduled_at", PyTime.isoformat(t)));
        return write(m);
    }

    /** {@code {"leader":L,"sync_standby":"a,b"}} (sorted; null when none), {@code "quorum"} when given. */
    public String encodeSync(SyncState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leader", state.leader().orElse(null));
        m.put("sync_standby", state.syncStandbys().isEmpty() ? null
                : String.join(",", new TreeSet<>(state.syncStandbys())));
        state.quorum().ifPresent(q -> m.put("quorum", q));
        return write(m);
    }

    /** {@code [[tl,lsn,"reason","timestamp","new_leader"],...]}, omitting absent trailing fields. */
    public String encodeHistory(List<HistoryLine> lines) {
        List<List<Object>> out = new ArrayList<>();
        for (HistoryLine l : lines) {
            List<Object> row = new ArrayList<>(List.of(l.timeline(), l.lsn(), l.reason()));
            if (l.timestamp().isPresent() || l.newLeader().isPresent()) {
                row.add(l.timestamp().orElse(null));
            }
            l.newLeader().ifPresent(row::add);
            out.add(row);
        }
        return write(out);
    }

    public String encodeFailsafe(Map<String, String> failsafe) {
        return write(new TreeMap<>(failsafe));
    }

    /** Compact JSON of any value (maps keep their iteration order), as Patroni writes DCS values. */
    public String write(Object value) {
        return PyJson.compact(value);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Optional<Object> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(value, Object.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> legacyMember(String value) {
        Map<String, Object> data = new LinkedHashMap<>();
        int q = value.indexOf('?');
        data.put("conn_url", q < 0 ? value : value.substring(0, q));
        Object api = null;
        if (q >= 0) {
            for (String kv : value.substring(q + 1).split("&")) {
                if (kv.startsWith("application_name=")) {
                    api = java.net.URLDecoder.decode(kv.substring(17), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        data.put("api_url", api);
        return data;
    }

    private static OptionalLong toLong(Object o) {
        if (o instanceof Number n) {
            return OptionalLong.of(n.longValue());
        }
        if (o instanceof String s) {
            try {
                return OptionalLong.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static Optional<String> nonEmpty(Object o) {
        return o == null || o.toString().isEmpty() ? Optional.empty() : Optional.of(o.toString());
    }

    private static Optional<OffsetDateTime> parseTime(String s) {
        try {
            return Optional.of(OffsetDateTime.parse(s.trim().replace(' ', 'T')));
        } catch (java.time.format.DateTimeParseException e) {
            LOG.warn("failover: cannot parse scheduled_at {}", s);
            return Optional.empty();
        }
    }
}
