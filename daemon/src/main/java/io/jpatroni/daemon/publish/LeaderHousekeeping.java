package io.jpatroni.daemon.publish;

import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.kv.ClusterCodec;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.jpatroni.daemon.decision.rules.MemberSlots;

/**
 * What the leader keeps up to date besides its lock, as Patroni does: the {@code config} key when
 * it is missing, the {@code history} key after a promotion, and one physical slot per member.
 */
public final class LeaderHousekeeping {
    private static final Logger log = LoggerFactory.getLogger(LeaderHousekeeping.class);

    private final Dcs dcs;
    private final ManagedPostgres postgres;
    private final ClusterCodec codec = new ClusterCodec();
    private final Supplier<String> dynamicConfigJson;
    private final Clock clock;

    public LeaderHousekeeping(Dcs dcs, ManagedPostgres postgres, Supplier<String> dynamicConfigJson, Clock clock) {
        this.dcs = dcs;
        this.postgres = postgres;
        this.dynamicConfigJson = dynamicConfigJson;
        this.clock = clock;
    }

    public void run(Cluster cluster, Observation obs, boolean useSlots) {
        if (cluster.config().isEmpty()) {
            dcs.setConfigValue(dynamicConfigJson.get(), OptionalLong.empty());
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
                            ? Optional.of(ClusterCodec.pythonIsoFormat(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)))
                            : Optional.empty()),
                    same.flatMap(HistoryLine::newLeader).or(() -> newest
                            ? Optional.of(dcs.memberName()) : Optional.empty())));
        }
        if (dcs.setHistoryValue(codec.encodeHistory(lines))) {
            log.debug("history key updated to timeline {}", timeline);
        }
    }
}
