package io.jpatroni.daemon.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The dynamic {@code standby_cluster} section: this cluster replicates a remote one, and its leader is a
 * {@code standby_leader} following the remote host instead of a primary (Patroni's {@code RemoteMember}).
 *
 * @param primarySlotName the slot on the remote primary; empty means no slot at all (Patroni's
 *                        {@code no_replication_slot})
 * @param createReplicaMethods the methods the standby leader is created with ({@code basebackup} when none)
 */
public record StandbyCluster(Optional<String> host, OptionalInt port, Optional<String> primarySlotName,
                             List<String> createReplicaMethods, Optional<String> restoreCommand,
                             Optional<String> archiveCleanupCommand, Optional<String> recoveryMinApplyDelay) {

    /** The name a node following the remote host reports as what it follows (Patroni: {@code remote_member:uuid}). */
    public static final String REMOTE_MEMBER = "remote_member";

    public StandbyCluster {
        createReplicaMethods = List.copyOf(createReplicaMethods);
    }

    /**
     * Patroni's {@code is_standby_cluster}: the section describes a standby cluster when it has a host, a port or a
     * restore_command; otherwise (absent, empty, or only other keys) the cluster runs its own primary.
     */
    public static Optional<StandbyCluster> of(Optional<Map<String, Object>> section) {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> s = section.get();
        Optional<String> host = text(s.get("host"));
        OptionalInt port = text(s.get("port")).map(p -> OptionalInt.of(Integer.parseInt(p)))
                .orElse(OptionalInt.empty());
        Optional<String> restore = text(s.get("restore_command"));
        if (host.isEmpty() && port.isEmpty() && restore.isEmpty()) {
            return Optional.empty();
        }
        List<String> methods = s.get("create_replica_methods") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of();
        return Optional.of(new StandbyCluster(host, port, text(s.get("primary_slot_name")), methods, restore,
                text(s.get("archive_cleanup_command")), text(s.get("recovery_min_apply_delay"))));
    }

    /** Whether the standby leader streams from the remote host (otherwise it only restores WAL from the archive). */
    public boolean streams() {
        return host.isPresent() || port.isPresent();
    }

    /**
     * The recovery settings this section adds, as Patroni's {@code build_recovery_params} takes them from the member
     * followed: restore_command and archive_cleanup_command for every member of the standby cluster,
     * recovery_min_apply_delay only for the standby leader (which follows the remote host).
     */
    public Map<String, String> recoveryParams(boolean standbyLeader) {
        Map<String, String> p = new LinkedHashMap<>();
        restoreCommand.ifPresent(v -> p.put("restore_command", v));
        archiveCleanupCommand.ifPresent(v -> p.put("archive_cleanup_command", v));
        if (standbyLeader) {
            recoveryMinApplyDelay.ifPresent(v -> p.put("recovery_min_apply_delay", v));
        }
        return p;
    }

    /** Python's truthiness of a YAML value, as text: null and "" are absent. */
    private static Optional<String> text(Object v) {
        if (v == null || v instanceof Boolean b && !b) {
            return Optional.empty();
        }
        String s = String.valueOf(v);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
