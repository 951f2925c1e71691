package io.jpatroni.ctl;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.kv.ClusterCodec;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.Keys;
import io.jpatroni.dcs.kv.KvDcs;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The CLI's handle on one cluster: {@link #load()} is a single range read decoded by the shared codec, without the
 * leader watch that {@link KvDcs#load()} starts for the HA loop (a short-lived command has no use for it and it
 * costs a gRPC stream to open and to tear down). Writes go through {@link KvDcs}, so key layout and compare-and-set
 * stay the daemon's. Lock and member methods are not for the CLI and are refused.
 */
final class CtlDcs implements Dcs {
    private final KeyValueStore store;
    private final Keys keys;
    private final KvDcs writes;
    private final ClusterCodec codec = new ClusterCodec();

    CtlDcs(KeyValueStore store, String namespace, String scope) {
        this.store = store;
        this.keys = Keys.of(namespace, scope);
        this.writes = new KvDcs(store, true, keys, CtlContext.MEMBER_NAME, 30);
    }

    @Override
    public String memberName() {
        return CtlContext.MEMBER_NAME;
    }

    @Override
    public Cluster load() {
        return codec.decodeCluster(keys, store.getPrefix(keys.prefix()).kvs());
    }

    @Override
    public boolean attemptToAcquireLeader() {
        throw new UnsupportedOperationException("jpatronictl never takes the leader lock");
    }

    @Override
    public boolean updateLeader(LeaderStatus status) {
        throw new UnsupportedOperationException("jpatronictl never holds the leader lock");
    }

    @Override
    public boolean deleteLeader(OptionalLong lastLsn) {
        throw new UnsupportedOperationException("jpatronictl never holds the leader lock");
    }

    @Override
    public boolean touchMember(Map<String, Object> data) {
        throw new UnsupportedOperationException("jpatronictl is not a member");
    }

    @Override
    public boolean initialize(boolean create, String sysid) {
        throw new UnsupportedOperationException("jpatronictl does not initialize clusters");
    }

    @Override
    public boolean cancelInitialization() {
        throw new UnsupportedOperationException("jpatronictl does not initialize clusters");
    }

    @Override
    public boolean setConfigValue(String json, OptionalLong modRevision) {
        return writes.setConfigValue(json, modRevision);
    }

    @Override
    public boolean setFailoverValue(String json, OptionalLong modRevision) {
        return writes.setFailoverValue(json, modRevision);
    }

    @Override
    public boolean setSyncStateValue(String json, OptionalLong modRevision) {
        return writes.setSyncStateValue(json, modRevision);
    }

    @Override
    public boolean deleteSyncState(OptionalLong modRevision) {
        return writes.deleteSyncState(modRevision);
    }

    @Override
    public boolean setHistoryValue(String json) {
        return writes.setHistoryValue(json);
    }

    @Override
    public boolean writeFailsafe(Map<String, String> members) {
        return writes.writeFailsafe(members);
    }

    @Override
    public boolean deleteCluster() {
        return writes.deleteCluster();
    }

    @Override
    public boolean watch(OptionalLong leaderModRevision, Duration timeout) {
        throw new UnsupportedOperationException("jpatronictl polls, it does not watch");
    }

    @Override
    public void setTtl(int seconds) {
        writes.setTtl(seconds);
    }

    @Override
    public void setRetryTimeout(Duration retryTimeout) {
        writes.setRetryTimeout(retryTimeout);
    }

    @Override
    public void close() {
        writes.close();
    }
}
