package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.decision.SyncSettings;
import io.jpatroni.daemon.model.Observation.ReplicationRow;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.SyncObservation.Kind;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.SyncState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Synchronous replication, as Patroni keeps it: the leader chooses the synchronous standbys from its
 * {@code pg_stat_replication} and names them in two places, {@code synchronous_standby_names} (what PostgreSQL waits
 * for) and the DCS {@code sync} key (who may be promoted). The invariant: the key never names a standby PostgreSQL does
 * not wait for. So a standby is added to PostgreSQL first and to the key only once it is confirmed (listed, reported
 * {@code sync} / {@code quorum}, and past the primary's WAL position of the moment the setting changed), and it is
 * removed from the key first, from PostgreSQL after. One write to the key per cycle (compare-and-set on the revision
 * this cycle loaded), so the next cycle plans again from what really happened.
 *
 * <p>Quorum commit (Patroni 4, {@code synchronous_mode: quorum}): PostgreSQL waits for {@code ANY n} of the listed
 * standbys and the key names the voters and a {@code quorum}: a candidate must see {@code quorum} other voters not
 * ahead of it. Safe while any set of {@code n} standbys that acknowledged a commit meets any set of {@code quorum + 1}
 * voters: {@code |voters ∪ listed| <= quorum + n}. Before PostgreSQL's list changes, the key is made safe for the old
 * and the new list (or emptied, which allows no failover at all); the key reaches the optimal state
 * ({@code voters = listed}, {@code quorum = |listed| - n}) once the new list is confirmed.
 */
public final class SyncRules {
    private SyncRules() {
    }

    // ---- who may be promoted ----

    /** The {@code sync} key in force in synchronous mode: present and written by a leader. */
    static Optional<SyncState> key(ClusterView view) {
        if (!view.settings().sync().enabled()) {
            return Optional.empty();
        }
        return view.cluster().sync().filter(s -> !s.isEmpty());
    }

    /** Patroni's {@code SyncState.matches}: {@code name} is a synchronous standby, or the leader that wrote the key. */
    static boolean matches(SyncState key, String name) {
        return key.matches(name) || key.leader().filter(name::equalsIgnoreCase).isPresent();
    }

    /** In synchronous mode with a {@code sync} key, only the members it names may race for the lock unasked. */
    static boolean mayRace(ClusterView view, String name) {
        return key(view).map(k -> matches(k, name)).orElse(true);
    }

    /**
     * A manual failover in synchronous mode: {@code name} may take over (Patroni's {@code is_failover_possible} with
     * {@code check_synchronous}, and its candidate check): listed in the {@code sync} key. Without synchronous mode,
     * anyone.
     */
    static boolean mayTakeOver(ClusterView view, String name) {
        if (!view.settings().sync().enabled()) {
            return true;
        }
        return view.cluster().sync().map(k -> matches(k, name)).orElse(false);
    }

    /** The former leader of a sync key may be ahead of the candidates: it does not veto them. */
    static boolean isFormerLeader(ClusterView view, String name) {
        return key(view).flatMap(SyncState::leader).filter(name::equalsIgnoreCase).isPresent();
    }

    /** Quorum commit with a key naming voters: a candidate needs their votes. */
    static Optional<SyncState> quorumKey(ClusterView view) {
        return view.settings().sync().quorum() ? key(view) : Optional.empty();
    }

    // ---- before a promotion ----

    /**
     * In synchronous mode, every {@link Action.Promote} of the decision first claims the {@code sync} key for this node
     * with no synchronous standby (Patroni's {@code enforce_primary_role}); a changed key postpones the promotion.
     */
    public static Decision beforePromotion(ClusterView view, LocalState local, Decision decision) {
        if (!view.settings().sync().enabled()) {
            return decision;
        }
        return claimed(view, decision);
    }

    private static Decision claimed(ClusterView view, Decision d) {
        return new Decision(claimed(view, d.action()), d.status());
    }

    private static Action claimed(ClusterView view, Action a) {
        if (a instanceof Action.Promote) {
            SyncSettings s = view.settings().sync();
            OptionalLong revision = view.cluster().sync()
                    .map(k -> OptionalLong.of(k.modRevision())).orElse(OptionalLong.empty());
            return new Action.ClaimSyncBeforePromotion(view.me(), revision, s.strict(), s.quorum(), a);
        } else if (a instanceof Action.AcquireLock l) {
            return new Action.AcquireLock(claimed(view, l.onWin()), claimed(view, l.onLose()));
        } else if (a instanceof Action.UpdateLock u) {
            return new Action.UpdateLock(claimed(view, u.onSuccess()), claimed(view, u.onFailure()));
        } else if (a instanceof Action.Sequence seq) {
            return new Action.Sequence(seq.steps().stream().map(step -> claimed(view, step)).toList());
        } else if (a instanceof Action.ActivateGuards g) {
            // the watchdog is activated first, then the key is claimed, then PostgreSQL promoted (enforce_primary_role)
            return new Action.ActivateGuards(g.armFence(), claimed(view, g.onActive()), claimed(view, g.onRefused()));
        }
        return a;
    }

    // ---- the leader's upkeep ----

    /** A standby streaming from the primary that may become synchronous. */
    record Replica(String name, String syncState, long lsn, boolean noFailover, int syncPriority) {
    }

    /**
     * The standbys chosen ({@code candidates}, best first), those of them confirmed synchronous ({@code confirmed}).
     */
    record Choice(List<String> candidates, Set<String> confirmed) {
    }

    /**
     * The leader running as the primary keeps {@code synchronous_standby_names} and the {@code sync} key up to date
     * (Patroni's {@code process_sync_replication}); without synchronous mode it deletes the key and gives the setting
     * back to the configuration.
     */
    public static Optional<Action> upkeep(ClusterView view, LocalState local) {
        if (!view.reachable() || !local.holdsValidLock() || !local.isRunningPrimary()) {
            return Optional.empty();
        }
        SyncSettings s = view.settings().sync();
        Optional<SyncState> key = view.cluster().sync();
        OptionalLong revision = key.map(k -> OptionalLong.of(k.modRevision())).orElse(OptionalLong.empty());
        if (!s.enabled()) {
            Optional<Action> release = local.sync().managed()
                    ? Optional.of(new Action.ReleaseSynchronousStandbyNames()) : Optional.empty();
            if (key.isPresent()) {
                return Optional.of(new Action.DeleteSyncKey(revision,
                        release.orElse(new Action.NoAction())));
            }
            return release;
        }
        return s.quorum() ? quorumPlan(view, local, key, revision) : priorityPlan(view, local, key, revision);
    }

    /** Patroni 3.0.2's {@code process_sync_replication}, one key write per cycle. */
    private static Optional<Action> priorityPlan(ClusterView view, LocalState local, Optional<SyncState> key,
                                                 OptionalLong revision) {
        SyncSettings s = view.settings().sync();
        SyncObservation pg = local.sync();
        Set<String> current = key.filter(k -> !k.isEmpty()).map(SyncState::syncStandbys).orElse(Set.of());
        Choice c = choose(view, local, false);
        List<String> picked = c.candidates();
        Set<String> target = picked.isEmpty() && s.strict() ? Set.of("*") : new LinkedHashSet<>(picked);
        Kind kind = target.isEmpty() ? Kind.OFF : Kind.PRIORITY;
        int num = target.contains("*") ? 1 : target.size();
        boolean pgChange = !pg.managed() || !sameNames(pg, kind, num, target);
        Set<String> keep = intersect(current, c.confirmed());
        String me = view.me();
        Optional<Action> setNames = Optional.empty();
        if (pgChange) {
            String line = picked.isEmpty() && s.strict() ? "No standbys available! Assigning synchronous standby"
                    + " status to ['*']" : "Assigning synchronous standby status to " + pyList(picked);
            setNames = Optional.of(new Action.SetSynchronousStandbyNames(kind, num, target, line));
        }
        if (!sameSet(keep, current)) {
            return Optional.of(new Action.WriteSyncKey(me, keep, OptionalInt.empty(), revision,
                    "Updating synchronous privilege temporarily from " + pyList(current) + " to " + pyList(keep),
                    setNames.orElse(new Action.NoAction())));
        }
        if (setNames.isPresent()) {
            return setNames;
        }
        Set<String> allowed = new TreeSet<>(c.confirmed());
        boolean ours = key.flatMap(SyncState::leader).filter(me::equals).isPresent();
        if (!allowed.isEmpty() && (!sameSet(allowed, current) || !ours)) {
            return Optional.of(new Action.WriteSyncKey(me, allowed, OptionalInt.empty(), revision,
                    "Synchronous standby status assigned to " + pyList(allowed), new Action.NoAction()));
        }
        return Optional.empty();
    }

    /** Quorum commit (Patroni 4): see the class comment for the invariant each step keeps. */
    private static Optional<Action> quorumPlan(ClusterView view, LocalState local, Optional<SyncState> key,
                                               OptionalLong revision) {
        SyncSettings s = view.settings().sync();
        SyncObservation pg = local.sync();
        Choice c = choose(view, local, true);
        Set<String> active = new TreeSet<>(c.candidates());
        int n = Math.min(s.nodeCount(), active.size());
        Kind kind = active.isEmpty() ? (s.strict() ? Kind.PRIORITY : Kind.OFF) : Kind.QUORUM;
        Set<String> target = active.isEmpty() && s.strict() ? Set.of("*") : active;
        int num = active.isEmpty() ? (s.strict() ? 1 : 0) : n;
        boolean pgChange = !pg.managed() || !sameNames(pg, kind, num, target);

        Set<String> voters = key.filter(k -> !k.isEmpty()).map(SyncState::syncStandbys).orElse(Set.of());
        int quorum = key.flatMap(k -> k.quorum().isPresent() ? Optional.of(k.quorum().getAsInt()) : Optional.empty())
                .orElse(0);
        boolean listsNames = pg.kind() != Kind.OFF && !pg.star();
        Set<String> listed = listsNames ? pg.names() : Set.of();
        int waitsFor = listsNames ? pg.num() : 0;
        long confirmed = listed.stream().filter(lower(c.confirmed())::contains).count();
        boolean settled = confirmed >= waitsFor;
        String me = view.me();
        if (pgChange) {
            Action setNames = new Action.SetSynchronousStandbyNames(kind, num, target,
                    "Assigning synchronous standby status to " + pyList(target));
            if (safe(voters, quorum, active, n)) {
                return Optional.of(setNames);
            }
            Set<String> v = Set.of();
            int q = 0;
            if (settled && !active.isEmpty()) {
                Set<String> union = lower(active);
                union.addAll(listed);
                q = Math.max(union.size() - waitsFor, active.size() - n);
                if (q < active.size()) {
                    v = active;
                } else {
                    q = 0;
                }
            }
            return Optional.of(new Action.WriteSyncKey(me, v, OptionalInt.of(q), revision,
                    "Updating synchronous privilege temporarily from " + pyList(voters) + " to " + pyList(v),
                    setNames));
        }
        Set<String> wantVoters = active;
        int wantQuorum = active.size() - n;
        boolean ours = key.flatMap(SyncState::leader).filter(me::equals).isPresent();
        boolean differs = !sameSet(voters, wantVoters) || quorum != wantQuorum || !ours
                || key.map(k -> k.quorum().isEmpty()).orElse(true);
        if (confirmed >= n && differs) {
            return Optional.of(new Action.WriteSyncKey(me, wantVoters, OptionalInt.of(wantQuorum), revision,
                    "Synchronous standby status assigned to " + pyList(wantVoters), new Action.NoAction()));
        }
        return Optional.empty();
    }

    /** Every {@code n} listed standbys that acknowledged a commit meet every {@code quorum + 1} voters. */
    static boolean safe(Set<String> voters, int quorum, Set<String> listed, int n) {
        if (voters.isEmpty()) {
            return true;
        }
        Set<String> union = lower(voters);
        union.addAll(lower(listed));
        return union.size() <= quorum + n;
    }

    /**
     * Patroni's {@code SyncHandler.current_state}: the eligible standbys (running members, no {@code nosync},
     * {@code sync_priority} above 0) streaming from us, best first by {@code sync_priority}, sync state and position
     * (the one {@code synchronous_commit} waits for), those with {@code nofailover} last; within
     * {@code maximum_lag_on_syncnode} of the most advanced one (of our own position when there is one standby).
     * Priority: the first {@code synchronous_node_count}. Quorum: all of them (those with {@code nofailover} only
     * while fewer than {@code synchronous_node_count} are chosen).
     */
    static Choice choose(ClusterView view, LocalState local, boolean quorum) {
        SyncSettings s = view.settings().sync();
        SyncObservation pg = local.sync();
        Map<String, Member> eligible = view.cluster().members().stream()
                .filter(m -> !m.name().equalsIgnoreCase(view.me()) && m.isRunning() && m.syncPriority() > 0)
                .collect(Collectors.toMap(m -> m.name().toLowerCase(Locale.ROOT), Function.identity(),
                        (a, b) -> a));
        Function<ReplicationRow, OptionalLong> column = switch (pg.synchronousCommit()) {
            case "remote_apply" -> ReplicationRow::replayLsn;
            case "remote_write" -> ReplicationRow::writeLsn;
            default -> ReplicationRow::flushLsn;
        };
        List<Replica> replicas = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ReplicationRow r : local.observation().replication()) {
            Member m = eligible.get(r.applicationName().toLowerCase(Locale.ROOT));
            OptionalLong lsn = column.apply(r);
            if (m != null && lsn.isPresent() && seen.add(m.name())) {
                replicas.add(new Replica(m.name(), r.syncState() == null ? "" : r.syncState(), lsn.getAsLong(),
                        m.noFailover(), m.syncPriority()));
            }
        }
        replicas.sort(Comparator.comparing(Replica::noFailover)
                .thenComparing(Comparator.comparingInt(Replica::syncPriority).reversed())
                .thenComparing(Comparator.comparing(Replica::syncState).reversed())
                .thenComparing(Comparator.comparingLong(Replica::lsn).reversed()));
        long maxLsn = replicas.size() > 1 ? replicas.stream().mapToLong(Replica::lsn).max().orElse(0)
                : local.walPosition();
        Set<String> inKey = lower(view.cluster().sync().map(SyncState::syncStandbys).orElse(Set.of()));
        List<String> candidates = new ArrayList<>();
        Set<String> confirmed = new LinkedHashSet<>();
        for (Replica r : replicas) {
            if (s.maximumLagOnSyncnode() > 0 && maxLsn - r.lsn() > s.maximumLagOnSyncnode()) {
                continue;
            }
            if (quorum) {
                if (!r.noFailover() || candidates.size() < s.nodeCount()) {
                    candidates.add(r.name());
                    if (pg.lists(r.name()) && r.lsn() >= pg.changedAtLsn()
                            && List.of("quorum", "sync", "potential").contains(r.syncState())) {
                        confirmed.add(r.name());
                    }
                }
            } else {
                candidates.add(r.name());
                boolean ready = pg.lists(r.name()) && (inKey.contains(r.name().toLowerCase(Locale.ROOT))
                        || r.lsn() >= pg.changedAtLsn());
                if ("sync".equals(r.syncState()) && ready) {
                    confirmed.add(r.name());
                }
                if (candidates.size() >= s.nodeCount()) {
                    break;
                }
            }
        }
        return new Choice(candidates, confirmed);
    }

    /** The running value already is {@code kind num (names)}. */
    private static boolean sameNames(SyncObservation pg, Kind kind, int num, Set<String> names) {
        if (kind == Kind.OFF) {
            return pg.kind() == Kind.OFF;
        }
        if (names.contains("*")) {
            return pg.star() && pg.names().isEmpty() && pg.num() == 1;
        }
        return pg.kind() == kind && pg.num() == num && !pg.star() && pg.names().equals(lower(names));
    }

    private static Set<String> lower(java.util.Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean sameSet(Set<String> a, Set<String> b) {
        return lower(a).equals(lower(b));
    }

    /** The members of {@code a} also in {@code b}, without case. */
    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> lb = lower(b);
        return a.stream().filter(x -> lb.contains(x.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A list as Python prints it, as in Patroni's log lines: {@code ['a', 'b']}. */
    static String pyList(java.util.Collection<String> names) {
        java.util.Collection<String> ordered = names instanceof Set<String> set ? new TreeSet<>(set) : names;
        return ordered.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
