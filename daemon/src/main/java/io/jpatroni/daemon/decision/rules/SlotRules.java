package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.LocalSlot;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotName;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The replication slots of this node, as Patroni's {@code SlotsHandler.sync_replication_slots} and
 * {@code Cluster.get_replication_slots} keep them: which slots should exist (one physical slot per member that
 * streams from here, and the permanent slots of the {@code slots} section), which to create, to advance, to drop.
 *
 * <p>Only slots jpatroni manages are ever dropped: those a previous plan wanted, and, when the slots are loaded
 * again ({@link SlotFacts#reload()}: the daemon started, PostgreSQL was restarted, promoted or demoted), every slot
 * present that {@code ignore_slots} does not match, as Patroni 3.0.2 does. A slot created by someone else while
 * PostgreSQL keeps running is left alone until then. Nothing is dropped in maintenance mode.
 *
 * <p>Permanent physical slots are kept on every node that may become primary (Patroni 3.1+), permanent logical slots
 * too (PostgreSQL 11+); a replica advances them to the positions the leader wrote in the {@code status} key, and a
 * missing logical slot is copied from the primary ({@link #copy}).
 */
public final class SlotRules {
    private static final Pattern SLOT_NAME = Pattern.compile("^[a-z0-9_]{1,63}$");

    private SlotRules() {
    }

    /** The primary (valid lock, running, not in recovery), or a standby cluster's standby leader, with use_slots. */
    public static Optional<Action> onLeader(ClusterView view, LocalState local) {
        // a standby leader (a running replica holding the lock of a standby cluster) keeps them too, physical only
        boolean standbyLeader = !local.isRunningPrimary() && StandbyRules.applies(view) && local.isRunning();
        if (!view.reachable() || !local.holdsValidLock() || !(local.isRunningPrimary() || standbyLeader)
                || !view.settings().useSlots() || local.slots().isEmpty()) {
            return Optional.empty();
        }
        Cluster cluster = view.cluster();
        Map<String, SlotSpec> wanted = new LinkedHashMap<>();
        MemberSlots.onLeader(cluster, view.me()).forEach(n -> wanted.put(n, SlotSpec.PHYSICAL));
        MemberSlots.retained(cluster, view.me(), local.slots().get(), view.settings().cascade().memberSlotsTtl(),
                local.now()).forEach(n -> wanted.putIfAbsent(n, SlotSpec.PHYSICAL));
        permanent(cluster).forEach((name, spec) -> {
            if (spec.isLogical() ? !standbyLeader && !wanted.containsKey(name)
                    && local.observation().serverVersion() >= 110000
                    : !name.equals(SlotName.of(view.me()))) {
                wanted.putIfAbsent(name, spec);
            }
        });
        SlotFacts facts = local.slots().get();
        Map<String, Long> positions = new HashMap<>();
        for (String name : permanent(cluster).keySet()) {
            facts.get(name).filter(s -> wanted.containsKey(name) && wanted.get(name).matches(s)).ifPresent(s ->
                    (s.isLogical() ? s.confirmedFlushLsn() : s.restartLsn()).ifPresent(l -> positions.put(name, l)));
        }
        return Optional.of(new Action.KeepSlots(plan(!standbyLeader, cluster, facts, wanted, Map.of(), positions)));
    }

    /**
     * A running replica with use_slots: the slots of the members cascading from it (not the leader's), and unless
     * it is tagged nofailover the permanent slots, advanced to the leader's positions.
     */
    public static Optional<Action> onReplica(ClusterView view, LocalState local) {
        Optional<Map<String, SlotSpec>> wanted = replicaWanted(view, local);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        SlotFacts facts = local.slots().get();
        Map<String, Long> leaderPositions = view.cluster().status().slots();
        Map<String, SlotPlan.Advance> advance = new HashMap<>();
        wanted.get().forEach((name, spec) -> {
            Long target = leaderPositions.get(name);
            Optional<LocalSlot> slot = facts.get(name).filter(spec::matches);
            if (target == null || slot.isEmpty() || !permanent(view.cluster()).containsKey(name)) {
                return;
            }
            long at = (spec.isLogical() ? slot.get().confirmedFlushLsn() : slot.get().restartLsn()).orElse(0);
            if (at < target) {
                advance.put(name, new SlotPlan.Advance(spec, target));
            }
        });
        return Optional.of(new Action.KeepSlots(plan(false, view.cluster(), facts, wanted.get(), advance, Map.of())));
    }

    /**
     * A replica lacks permanent logical slots the leader reports positions for (PostgreSQL 15 cannot create a logical
     * slot on a standby), or could not advance one because the WAL it needs is gone: copy them from the primary, which stops and starts this replica, as Patroni's
     * {@code copy_logical_slots}. Not while a task runs, nor without a leader to copy from.
     */
    public static Optional<Action> copy(ClusterView view, LocalState local) {
        Optional<Map<String, SlotSpec>> wanted = replicaWanted(view, local);
        Optional<MemberTarget> leader = view.cluster().leaderName().flatMap(view.cluster()::member)
                .flatMap(MemberTarget::of);
        if (wanted.isEmpty() || leader.isEmpty()) {
            return Optional.empty();
        }
        SlotFacts facts = local.slots().get();
        Map<String, Long> leaderPositions = view.cluster().status().slots();
        Set<String> missing = new TreeSet<>();
        wanted.get().forEach((name, spec) -> {
            if (spec.isLogical() && leaderPositions.containsKey(name)
                    && (facts.get(name).filter(spec::matches).isEmpty() || facts.copyAgain().contains(name))) {
                missing.add(name);
            }
        });
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(new Action.CopyLogicalSlots(leader.get(), Map.copyOf(filter(wanted.get(), missing))));
    }

    private static Optional<Map<String, SlotSpec>> replicaWanted(ClusterView view, LocalState local) {
        if (!view.reachable() || local.holdsValidLock() || local.task().isPresent() || local.slots().isEmpty()) {
            return Optional.empty();
        }
        Cluster cluster = view.cluster();
        Optional<Set<String>> members = MemberSlots.onReplica(cluster, view.me(), local.observation(),
                view.settings().useSlots());
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Map<String, SlotSpec> wanted = new LinkedHashMap<>();
        members.get().forEach(n -> wanted.put(n, SlotSpec.PHYSICAL));
        MemberSlots.retained(cluster, view.me(), local.slots().get(), view.settings().cascade().memberSlotsTtl(),
                local.now()).forEach(n -> wanted.putIfAbsent(n, SlotSpec.PHYSICAL));
        if (!view.settings().noFailover()) {
            permanent(cluster).forEach((name, spec) -> {
                if (spec.isLogical() ? !wanted.containsKey(name) && local.observation().serverVersion() >= 110000
                        : !name.equals(SlotName.of(view.me()))) {
                    wanted.putIfAbsent(name, spec);
                }
            });
        }
        return Optional.of(wanted);
    }

    private static Map<String, SlotSpec> filter(Map<String, SlotSpec> all, Set<String> names) {
        Map<String, SlotSpec> out = new HashMap<>();
        names.forEach(n -> out.put(n, all.get(n)));
        return out;
    }

    /**
     * Drop what jpatroni manages and no longer wants (unless ignored, and not in pause) or what has changed kind;
     * create what is missing (a logical slot only on the primary: a replica copies it).
     */
    static SlotPlan plan(boolean primary, Cluster cluster, SlotFacts facts, Map<String, SlotSpec> wanted,
                         Map<String, SlotPlan.Advance> advance, Map<String, Long> positions) {
        Set<String> managed = new HashSet<>(facts.known());
        if (facts.reload()) {
            facts.present().forEach(s -> managed.add(s.name()));
        }
        List<Map<String, Object>> ignore = ignoreSlots(cluster);
        Set<String> drop = new TreeSet<>();
        for (String name : managed) {
            Optional<LocalSlot> slot = facts.get(name);
            if (!wanted.containsKey(name) && slot.isPresent() && !cluster.isPaused()
                    && ignore.stream().noneMatch(m -> matches(m, slot.get()))) {
                drop.add(name);
            }
        }
        Set<String> createPhysical = new TreeSet<>();
        Map<String, SlotSpec> createLogical = new HashMap<>();
        wanted.forEach((name, spec) -> {
            Optional<LocalSlot> slot = facts.get(name);
            if (slot.isPresent() && !spec.matches(slot.get())) {
                drop.add(name);
                slot = Optional.empty();
            }
            if (slot.isEmpty()) {
                if (!spec.isLogical()) {
                    createPhysical.add(name);
                } else if (primary) {
                    createLogical.put(name, spec);
                }
            }
        });
        return new SlotPlan(drop, createPhysical, createLogical, advance, wanted.keySet(), positions);
    }

    /**
     * The permanent slots of the {@code config} key ({@code slots}, or its older names), Patroni's way: no value or
     * {@code type: physical} is a physical slot, {@code type: logical} (or no type) with a database and a plugin is a
     * logical one; invalid names and values are left out.
     */
    public static Map<String, SlotSpec> permanent(Cluster cluster) {
        Map<String, SlotSpec> out = new LinkedHashMap<>();
        Object raw = cluster.config().map(ClusterConfig::data).map(SlotRules::permanentSection).orElse(null);
        if (!(raw instanceof Map<?, ?> slots)) {
            return out;
        }
        slots.forEach((k, v) -> {
            String name = String.valueOf(k);
            if (!SLOT_NAME.matcher(name).matches()) {
                return;
            }
            if (v == null || v instanceof String s && s.isEmpty()) {
                out.put(name, SlotSpec.PHYSICAL);
            } else if (v instanceof Map<?, ?> m) {
                Optional<String> database = text(m.get("database"));
                Optional<String> plugin = text(m.get("plugin"));
                String type = text(m.get("type")).orElse(database.isPresent() && plugin.isPresent()
                        ? "logical" : "physical");
                if (type.equals("physical")) {
                    out.put(name, SlotSpec.PHYSICAL);
                } else if (type.equals("logical") && database.isPresent() && plugin.isPresent()) {
                    out.put(name, SlotSpec.logical(database.get(), plugin.get()));
                }
            }
        });
        return out;
    }

    private static Object permanentSection(Map<String, Object> data) {
        for (String key : List.of("permanent_replication_slots", "permanent_slots", "slots")) {
            Object v = data.get(key);
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ignoreSlots(Cluster cluster) {
        Object raw = cluster.config().map(c -> c.data().get("ignore_slots")).orElse(null);
        if (!(raw instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }

    /**
     * Patroni's {@code ignore_replication_slot}: the matcher's name, if any, is the slot's, and each of its database,
     * plugin and type, when set, is the slot's.
     */
    public static boolean matches(Map<String, Object> matcher, LocalSlot slot) {
        Object name = matcher.get("name");
        if (name != null && !String.valueOf(name).equals(slot.name())) {
            return false;
        }
        return same(matcher.get("database"), slot.database()) && same(matcher.get("plugin"), slot.plugin())
                && same(matcher.get("type"), Optional.of(slot.type()));
    }

    private static boolean same(Object wanted, Optional<String> actual) {
        Optional<String> w = text(wanted);
        return w.isEmpty() || w.equals(actual);
    }

    private static Optional<String> text(Object o) {
        return o == null || String.valueOf(o).isEmpty() ? Optional.empty() : Optional.of(String.valueOf(o));
    }
}
