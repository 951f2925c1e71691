package io.jpatroni.daemon.publish;

import io.jpatroni.daemon.node.LocalPostgres;
import io.jpatroni.daemon.node.LocalPostgres.HistoryEntry;
import io.jpatroni.daemon.node.Observation;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.pycompat.PyTime;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader keeps up to date besides its lock, as Patroni does: the {@code config} key when
 * it is missing, the {@code history} key after a promotion, and one physical slot per member.
 */
public final class LeaderHousekeeping {
    private static final Logger log = LoggerFactory.getLogger(LeaderHousekeeping.class);

    private final Dcs dcs;
    private final LocalPostgres postgres;
    private final Supplier<Map<String, Object>> dynamicConfig;
    private final Clock clock;

    public LeaderHousekeeping(Dcs dcs, LocalPostgres postgres, Supplier<Map<String, Object>> dynamicConfig,
                              Clock clock) {
        this.dcs = dcs;
        this.postgres = postgres;
        this.dynamicConfig = dynamicConfig;
        this.clock = clock;
    }

    public void run(Cluster cluster, Observation obs, boolean useSlots) {
        if (cluster.config().isEmpty()) {
            dcs.setConfig(dynamicConfig.get(), OptionalLong.empty());
        }
        if (!obs.isRunning() || obs.inRecovery()) {
            return;
        }
        if (obs.timeline() > 1 && cluster.timeline() < obs.timeline()) {
            writeHistory(cluster, obs.timeline());
        }
        if (useSlots) {
            postgres.syncReplicationSlots(MemberSlots.onLeader(cluster, dcs.memberName()));
        }
    }

    /** Patroni's update_cluster_history: the history file's lines, keeping known timestamps and leaders. */
    private void writeHistory(Cluster cluster, long timeline) {
        List<HistoryEntry> entries = postgres.timelineHistory(timeline);
        if (entries.isEmpty()) {
            return;
        }
        List<HistoryLine> known = cluster.history().map(h -> h.lines()).orElse(List.of());
        List<HistoryLine> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry e = entries.get(i);
            boolean newest = i == entries.size() - 1;
            Optional<HistoryLine> same = known.stream().filter(k -> k.timeline() == e.timeline()).findFirst();
            lines.add(new HistoryLine(e.timeline(), e.lsn(), e.reason(),
                    same.flatMap(HistoryLine::timestamp).or(() -> newest
                            ? Optional.of(PyTime.isoformat(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)))
                            : Optional.empty()),
                    same.flatMap(HistoryLine::newLeader).or(() -> newest
                            ? Optional.of(dcs.memberName()) : Optional.empty())));
        }
        if (dcs.setHistory(lines)) {
            log.debug("history key updated to timeline {}", timeline);
        }
    }
}
