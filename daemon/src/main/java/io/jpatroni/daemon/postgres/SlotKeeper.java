package io.jpatroni.daemon.postgres;

import io.jpatroni.daemon.model.LocalSlot;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.sql.PostgresQueries;
import io.jpatroni.postgres.sql.SlotInfo;
import io.jpatroni.postgres.sql.SlotOperations;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out slot plans on the local PostgreSQL and remembers what the decision needs next time: the slots jpatroni
 * manages, and whether every present slot must count as managed again (Patroni's {@code _schedule_load_slots}: the
 * daemon started, PostgreSQL restarted or changed role, a drop failed, a managed slot vanished).
 */
final class SlotKeeper {
    private static final Logger log = LoggerFactory.getLogger("patroni.postgresql.slots");

    private final Postgres pg;
    private Set<String> known = Set.of();
    private boolean reload = true;
    private Optional<Identity> lastIdentity = Optional.empty();
    /** The postmaster the cycle's status query saw ({@link #seen}); null when that query failed. */
    private volatile Identity observed;
    private volatile Map<String, Long> positions = Map.of();
    private Set<String> copyAgain = Set.of();

    /** The postmaster we planned for: a new start or another role means the slots are loaded again. */
    private record Identity(Instant started, boolean inRecovery) {
    }

    SlotKeeper(Postgres pg) {
        this.pg = pg;
    }

    /** The cycle's observation of the server: which postmaster runs, in which role (null: not known). */
    void seen(Instant started, boolean inRecovery) {
        observed = started == null ? null : new Identity(started, inRecovery);
    }

    synchronized Optional<SlotFacts> facts() {
        try {
            PostgresQueries q = pg.queries();
            Identity now = observed != null ? observed : new Identity(q.postmasterStartTime(), q.isInRecovery());
            List<LocalSlot> present = q.replicationSlots().stream().map(SlotKeeper::toLocal).toList();
            boolean vanished = known.stream().anyMatch(n -> present.stream().noneMatch(s -> s.name().equals(n)));
            boolean again = reload || vanished || lastIdentity.filter(now::equals).isEmpty();
            lastIdentity = Optional.of(now);
            return Optional.of(new SlotFacts(present, known, again, copyAgain));
        } catch (RuntimeException e) {
            log.debug("replication slots not read: {}", e.getMessage());
            return Optional.empty();
        }
    }

    synchronized void keep(SlotPlan plan) {
        PostgresQueries q = pg.queries();
        boolean retry = false;
        Set<String> walGone = new HashSet<>();
        List<SlotInfo> before = q.replicationSlots();
        for (String name : plan.drop()) {
            Optional<SlotInfo> slot = before.stream().filter(s -> s.name().equals(name)).findFirst();
            if (slot.isEmpty()) {
                continue;
            }
            if (slot.get().active()) {
                log.debug("Unable to drop unknown replication slot '{}', slot is still active", name);
                retry = true;
            } else if (q.dropSlot(name)) {
                log.info("Dropped unknown replication slot '{}'", name);
            } else {
                log.error("Failed to drop replication slot '{}'", name);
                retry = true;
            }
        }
        for (String name : plan.createPhysical()) {
            try {
                q.createPhysicalSlot(name);
            } catch (RuntimeException e) {
                log.error("Failed to create physical replication slot '{}': {}", name, e.getMessage());
            }
        }
        for (Map.Entry<String, SlotSpec> e : plan.createLogical().entrySet()) {
            try {
                SlotOperations.createLogicalSlot(inDatabase(e.getValue().database().orElseThrow()), e.getKey(),
                        e.getValue().plugin().orElseThrow());
            } catch (RuntimeException ex) {
                log.error("Failed to create logical replication slot '{}' plugin='{}': {}", e.getKey(),
                        e.getValue().plugin().orElse(""), ex.getMessage());
            }
        }
        for (Map.Entry<String, SlotPlan.Advance> e : plan.advance().entrySet()) {
            SlotSpec spec = e.getValue().spec();
            try {
                SlotOperations.advance(spec.isLogical() ? inDatabase(spec.database().orElseThrow())
                        : pg.settings().local(pg.settings().superuser()), e.getKey(), e.getValue().lsn());
            } catch (RuntimeException ex) {
                log.error("Failed to advance {} replication slot '{}': {}", spec.type(), e.getKey(), ex.getMessage());
                retry = true;
                if (spec.isLogical() && "58P01".equals(SlotOperations.sqlState(ex))) {
                    walGone.add(e.getKey());   // the WAL it needs is gone: copy it from the primary again
                }
            }
        }
        known = new HashSet<>(plan.wanted());
        reload = retry;
        copyAgain = Set.copyOf(walGone);
        positions = plan.positions();
    }

    /** Where this primary's permanent slots stood at the last plan: the {@code slots} of the {@code status} key. */
    Map<String, Long> positions() {
        return positions;
    }

    /** PostgreSQL stopped or changed role outside a plan: load every slot again next time. */
    synchronized void reloadNextTime() {
        reload = true;
        copyAgain = Set.of();
        positions = Map.of();
    }

    private ConnectionTarget inDatabase(String database) {
        ConnectionTarget local = pg.settings().local(pg.settings().superuser());
        return new ConnectionTarget(local.host(), local.port(), local.credentials(), database);
    }

    private static LocalSlot toLocal(SlotInfo s) {
        return new LocalSlot(s.name(), s.type(), s.plugin(), s.database(), s.active(), s.restartLsn(),
                s.confirmedFlushLsn());
    }
}
