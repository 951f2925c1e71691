package io.jpatroni.daemon.loop;

import io.jpatroni.dcs.model.Cluster;

/** What the loop tells the outside about each cycle: the member key, the REST snapshot, the dynamic.json cache. */
public interface Publisher {

    /**
     * Called before the decision when the cluster has no key for this member (first start, or the lease
     * expired while the node was down): publish it now, as Patroni does, so that the leader creates this
     * member's replication slot before our PostgreSQL starts streaming.
     */
    void memberMissing(Cluster cluster, CycleResult current);

    /** Called after every cycle, once the action and the upkeep are done. */
    void publish(CycleResult result);
}
