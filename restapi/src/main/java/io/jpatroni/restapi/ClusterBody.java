package io.jpatroni.restapi;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Pre-rendered topology for {@code GET /cluster}, built by the daemon from its last DCS read.
 *
 * @param members             members, rendered sorted by name
 * @param pause               maintenance mode
 * @param scheduledSwitchover a switchover with {@code scheduled_at}
 */
public record ClusterBody(List<MemberBody> members, boolean pause, Optional<ScheduledSwitchover> scheduledSwitchover) {

    public static final ClusterBody EMPTY = new ClusterBody(List.of(), false, Optional.empty());

    public ClusterBody {
        members = members.stream().sorted(Comparator.comparing(MemberBody::name)).toList();
    }

    /**
     * One member line. {@code role} is {@code leader}, {@code standby_leader}, {@code sync_standby} or
     * {@code replica}; {@code lag} is rendered only for non-leaders ({@code "unknown"} when empty).
     *
     * @param scheduledRestart the member's {@code scheduled_restart} object, as in its member key
     */
    public record MemberBody(String name, String role, String state, String apiUrl, Optional<String> host,
                             OptionalInt port, OptionalLong timeline, Map<String, Object> tags,
                             boolean pendingRestart, Optional<Map<String, Object>> scheduledRestart,
                             OptionalLong lag) {
        public MemberBody {
            tags = NodeSnapshot.orderedCopy(tags);
        }

        /** The common case: a running member with host, port, timeline and lag. */
        public static MemberBody of(String name, String role, String state, String apiUrl, String host, int port,
                                    long timeline, Map<String, Object> tags, OptionalLong lag) {
            return new MemberBody(name, role, state, apiUrl, Optional.of(host), OptionalInt.of(port),
                    OptionalLong.of(timeline), tags, false, Optional.empty(), lag);
        }

        boolean isLeader() {
            return "leader".equals(role) || "standby_leader".equals(role);
        }
    }

    /** @param at ISO-8601 time; {@code from} the leader, {@code to} the candidate */
    public record ScheduledSwitchover(String at, Optional<String> from, Optional<String> to) {
    }
}
