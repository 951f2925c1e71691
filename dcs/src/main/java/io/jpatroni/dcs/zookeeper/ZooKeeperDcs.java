package io.jpatroni.dcs.zookeeper;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.ZooKeeperSettings;
import io.jpatroni.dcs.kv.ClusterCodec;
import io.jpatroni.dcs.kv.ClusterDecoder;
import io.jpatroni.dcs.kv.KeyValue;
import io.jpatroni.dcs.kv.Keys;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.dcs.zookeeper.ZooKeeperSession.Znode;
import io.jpatroni.pycompat.PyJson;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Dcs} on ZooKeeper with Patroni's znode layout and values: {@code leader} and {@code members/<name>} are
 * ephemeral znodes of this member's session, {@code config}, {@code initialize}, {@code history}, {@code sync},
 * {@code failover}, {@code status} and {@code failsafe} persistent ones; the key names come from {@link Keys} and the
 * values from {@link ClusterCodec}, as on etcd. A znode's {@code mzxid} is its mod revision (compare-and-set reads
 * the znode, checks it and writes with the znode's version), its {@code ephemeralOwner} the member's lease.
 *
 * <p>The session is the lease, as in Patroni: its timeout is {@code ttl}, the ZooKeeper client keeps it alive between
 * cycles, and it ends (deleting the member's znodes) when the servers hear nothing for {@code ttl}. Each cycle's lock
 * call reads the {@code leader} znode, so a member whose connection is cut learns it within {@code retry_timeout}
 * (and demotes) while its session, and so its lock, outlives that by the rest of {@code ttl}. A new {@code ttl}
 * needs a new session: it is opened at the next lock or member write, the leader and member znodes move to it in one
 * transaction each, and the old one is closed at the next {@link #load()}.
 *
 * <p>Reads come from one persistent recursive watch on the cluster's znode: {@link #load()} reads the cluster again
 * only when the watch saw a change (or the connection dropped) since the last read, or after this member's own write.
 */
public final class ZooKeeperDcs implements Dcs {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDcs.class);
    /** The znodes right under the cluster's that make up a cluster (members and Patroni 1.x's optime are parents). */
    private static final List<String> KEYS = List.of(Keys.INITIALIZE, Keys.CONFIG, Keys.LEADER, Keys.STATUS,
            Keys.FAILOVER, Keys.SYNC, Keys.HISTORY, Keys.FAILSAFE);
    private static final String MEMBERS = Keys.MEMBERS.substring(0, Keys.MEMBERS.length() - 1);
    private static final String OPTIME = Keys.LEADER_OPTIME.substring(0, Keys.LEADER_OPTIME.indexOf('/'));

    private final ZooKeeperSettings settings;
    private final Keys keys;
    private final String root;
    private final String name;
    private final ClusterCodec codec = new ClusterCodec();
    private final ClusterDecoder decoder = new ClusterDecoder(codec);
    private final ClusterWatch watch;
    private volatile Duration retryTimeout;
    private volatile int ttl;
    private volatile boolean newSessionDue;
    private volatile ZooKeeperSession session;
    private ZooKeeperSession retired;                   // the session before a ttl change, closed by load()
    private volatile boolean cycling;                   // load() was called: a member's session
    private volatile boolean dirty = true;              // our own writes since the last read
    private volatile List<KeyValue> cached = List.of();
    private volatile Optional<KeyValue> memberSeen = Optional.empty();
    private volatile String statusSeen;
    private volatile OptionalLong initializeRevisionSeen = OptionalLong.empty();

    /** A member's (or, with an empty name, a user's) cluster at {@code keys}; the client connects lazily. */
    public ZooKeeperDcs(ZooKeeperSettings settings, Keys keys, String memberName, int ttl, Duration retryTimeout) {
        this.settings = settings;
        this.keys = keys;
        this.root = keys.prefix().substring(0, keys.prefix().length() - 1);
        this.name = memberName;
        this.ttl = ttl;
        this.retryTimeout = retryTimeout;
        this.watch = new ClusterWatch(root, keys.key(Keys.LEADER));
        this.session = open(ttl);
    }

    @Override
    public String memberName() {
        return name;
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** From the watch when it saw nothing since the last read and we wrote nothing since, else read. */
    @Override
    public Cluster read() {
        ZooKeeperSession zk = session;
        List<KeyValue> kvs = !dirty && watch.isFresh(zk) ? cached : readCluster(zk);
        return decoder.decode(keys, kvs);
    }

    /**
     * From the watch: nothing read when nothing changed, only the changed values when only values changed (a leader's
     * status, a member's WAL position), else the whole cluster.
     */
    @Override
    public Cluster load() {
        cycling = true;
        closeRetired();
        ZooKeeperSession zk = session;
        List<KeyValue> kvs;
        try {
            Optional<List<String>> changed = dirty ? Optional.empty() : watch.takeChangedValues(zk);
            if (changed.isEmpty()) {
                dirty = false;
                watch.ensure(zk);
                long ticket = watch.readStarts();
                kvs = readCluster(zk);
                watch.readDone(ticket, find(kvs, Keys.LEADER).map(KeyValue::modRevision).orElse(0L));
            } else {
                kvs = changed.get().isEmpty() ? cached : reread(zk, cached, changed.get());
            }
            cached = kvs;
        } catch (DcsUnavailableException e) {
            dirty = true;
            watch.readFailed();
            throw e;
        }
        memberSeen = find(kvs, Keys.MEMBERS + name);
        statusSeen = find(kvs, Keys.STATUS).map(KeyValue::value).orElse(null);
        initializeRevisionSeen = OptionalLong.of(find(kvs, Keys.INITIALIZE).map(KeyValue::modRevision).orElse(0L));
        return decoder.decode(keys, kvs);
    }

    /**
     * Blocks on the watch; a store that never loads (jpatronictl's) starts it here, with one read.
     */
    @Override
    public boolean awaitLeaderChange(OptionalLong leaderModRevision, Duration timeout) {
        if (!cycling && !watch.isWatching()) {
            ZooKeeperSession zk = session;
            watch.ensure(zk);
            long ticket = watch.readStarts();
            List<KeyValue> kvs = readCluster(zk);
            watch.readDone(ticket, find(kvs, Keys.LEADER).map(KeyValue::modRevision).orElse(0L));
        }
        return watch.awaitLeaderChange(leaderModRevision.orElse(0), timeout);
    }

    @Override
    public void interruptWait() {
        watch.interruptWait();
    }

    @Override
    public boolean interruptibleWaits() {
        return true;
    }

    /** The cluster's znodes: two listings (the cluster's and its members'), then every value in one burst. */
    private List<KeyValue> readCluster(ZooKeeperSession zk) {
        List<String> children = zk.children(root);
        List<String> paths = new ArrayList<>();
        for (String key : KEYS) {
            if (children.contains(key)) {
                paths.add(keys.key(key));
            }
        }
        if (children.contains(OPTIME)) {
            paths.add(keys.key(Keys.LEADER_OPTIME));
        }
        if (children.contains(MEMBERS)) {
            zk.children(root + "/" + MEMBERS).stream().sorted().forEach(m -> paths.add(keys.member(m)));
        }
        return zk.getAll(paths).stream().map(ZooKeeperDcs::keyValue).toList();
    }

    /** {@code kvs} with the values at {@code paths} read again (dropped when the znode is gone meanwhile). */
    private static List<KeyValue> reread(ZooKeeperSession zk, List<KeyValue> kvs, List<String> paths) {
        Map<String, KeyValue> fresh = new java.util.HashMap<>();
        zk.getAll(paths).forEach(z -> fresh.put(z.path(), keyValue(z)));
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : kvs) {
            if (!paths.contains(kv.key())) {
                out.add(kv);
            } else if (fresh.containsKey(kv.key())) {
                out.add(fresh.get(kv.key()));
            }
        }
        return out;
    }

    // ---- leader lock -------------------------------------------------------------------------------------------

    /** Creates the ephemeral leader znode; an existing one is ours only if our session owns it (a lost answer). */
    @Override
    public boolean attemptToAcquireLeader() {
        ZooKeeperSession zk = sessionForLease();
        dirty = true;
        String path = keys.key(Keys.LEADER);
        if (zk.create(path, name, CreateMode.EPHEMERAL)) {
            return true;
        }
        Optional<Znode> holder = zk.get(path);
        if (holder.isPresent() && holder.get().owner() == zk.id() && holder.get().value().equals(name)) {
            return true;
        }
        LOG.info("{}: could not take out TTL lock", name);
        return false;
    }

    /**
     * Reads the leader znode (this cycle's proof that our session lives): ours if it holds our name, moved to our
     * session in one transaction when another session of ours still owns it (Patroni re-creates it); then the status.
     */
    @Override
    public boolean updateLeader(LeaderStatus status) {
        ZooKeeperSession zk = sessionForLease();
        String path = keys.key(Keys.LEADER);
        Optional<Znode> leader = zk.get(path);
        if (leader.isEmpty() || !leader.get().value().equals(name)) {
            LOG.warn("{}: leader znode is {}, not ours", name, leader.map(Znode::value).orElse("absent"));
            return false;
        }
        if (leader.get().owner() != zk.id()) {
            dirty = true;
            LOG.warn("{}: re-creating the leader znode in session {} (it belonged to session {})", name,
                    Long.toHexString(zk.id()), Long.toHexString(leader.get().owner()));
            if (!zk.recreateEphemeral(path, name, leader.get().version())) {
                return false;
            }
        }
        if (status.optime() > 0) {
            String value = codec.encodeStatus(status.optime(), status.slots(), status.retainSlots());
            if (!value.equals(statusSeen)) {
                writeQuietly(zk, Keys.STATUS, value);
                statusSeen = value;
            }
        }
        return true;
    }

    @Override
    public boolean deleteLeader(OptionalLong lastLsn) {
        ZooKeeperSession zk = session;
        dirty = true;
        if (lastLsn.isPresent() && lastLsn.getAsLong() > 0) {
            writeQuietly(zk, Keys.STATUS, codec.encodeStatus(lastLsn.getAsLong(), Map.of(), List.of()));
        }
        String path = keys.key(Keys.LEADER);
        Optional<Znode> leader = zk.get(path);
        if (leader.isEmpty() || !leader.get().value().equals(name) || !zk.delete(path, leader.get().version())) {
            return false;
        }
        LOG.info("{}: released the leader lock", name);
        return true;
    }

    // ---- member ------------------------------------------------------------------------------------------------

    /**
     * Nothing when the last load showed our znode with this value in our session. Otherwise as Patroni: create the
     * ephemeral znode; re-create it in one transaction when another session owns it or when the tags, the running
     * state, the version or checkpoint_after_promote changed (the leader's watch on the members fires); else set it.
     */
    @Override
    public boolean touchMember(Map<String, Object> data) {
        ZooKeeperSession zk = sessionForLease();
        String value = codec.encodeMember(data);
        long id = zk.id();
        Optional<KeyValue> seen = memberSeen;
        if (seen.isPresent() && seen.get().value().equals(value) && seen.get().lease().orElse(0) == id && id != 0) {
            return true;
        }
        dirty = true;
        String path = keys.member(name);
        Optional<Znode> current = zk.get(path);
        if (current.isEmpty()) {
            return zk.create(path, value, CreateMode.EPHEMERAL);
        }
        Znode node = current.get();
        if (node.owner() != zk.id() || codec.isSignificantMemberChange(node.value(), value)) {
            return zk.recreateEphemeral(path, value, node.version());
        }
        return node.value().equals(value) || zk.setData(path, value, node.version());
    }

    // ---- bootstrap ---------------------------------------------------------------------------------------------

    @Override
    public boolean initialize(boolean create, String sysid) {
        dirty = true;
        String path = keys.key(Keys.INITIALIZE);
        OptionalLong seen = initializeRevisionSeen;
        if (create || seen.isPresent() && seen.getAsLong() == 0) {
            return session.create(path, sysid, CreateMode.PERSISTENT);
        }
        return seen.isEmpty() ? session.setOrCreate(path, sysid) : compareAndSet(path, sysid, seen.getAsLong());
    }

    @Override
    public boolean cancelInitialization() {
        dirty = true;
        session.delete(keys.key(Keys.INITIALIZE), -1);
        return true;
    }

    // ---- users' and the leader's keys ---------------------------------------------------------------------------

    @Override
    public boolean setConfig(Map<String, Object> config, OptionalLong modRevision) {
        return put(Keys.CONFIG, codec.write(config), modRevision);
    }

    @Override
    public boolean setConfigAsPatronictl(Map<String, Object> config, OptionalLong modRevision) {
        return put(Keys.CONFIG, PyJson.dumps(config), modRevision);
    }

    @Override
    public boolean setFailover(Failover failover, OptionalLong modRevision) {
        return put(Keys.FAILOVER, codec.encodeFailover(failover), modRevision);
    }

    @Override
    public boolean setSyncState(SyncState state, OptionalLong modRevision) {
        return put(Keys.SYNC, codec.encodeSync(state), modRevision);
    }

    /** Deletes the znode (Patroni writes {@code {}} instead; both read as no synchronous standby). */
    @Override
    public boolean deleteSyncState(OptionalLong modRevision) {
        dirty = true;
        String path = keys.key(Keys.SYNC);
        ZooKeeperSession zk = session;
        if (modRevision.isEmpty()) {
            zk.delete(path, -1);
            return true;
        }
        Optional<Znode> current = zk.get(path);
        return current.isPresent() ? current.get().mzxid() == modRevision.getAsLong()
                && zk.delete(path, current.get().version()) : modRevision.getAsLong() == 0;
    }

    @Override
    public boolean setHistory(List<HistoryLine> lines) {
        return put(Keys.HISTORY, codec.encodeHistory(lines), OptionalLong.empty());
    }

    @Override
    public boolean writeFailsafe(Map<String, String> members) {
        return put(Keys.FAILSAFE, codec.encodeFailsafe(members), OptionalLong.empty());
    }

    @Override
    public boolean deleteFailsafe() {
        dirty = true;
        ZooKeeperSession zk = session;
        String path = keys.key(Keys.FAILSAFE);
        return zk.delete(path, -1) || zk.get(path).isEmpty();   // gone, by this call or before it
    }

    @Override
    public boolean deleteCluster() {
        dirty = true;
        session.deleteTree(root);
        return true;
    }

    // ---- dynamic configuration ---------------------------------------------------------------------------------

    /** A session's timeout is fixed when it is opened: the next lock or member write opens one with the new ttl. */
    @Override
    public void setTtl(int seconds) {
        if (seconds != ttl) {
            LOG.info("{}: ttl changed from {} to {}, a new ZooKeeper session will be opened", name, ttl, seconds);
            ttl = seconds;
            newSessionDue = true;
        }
    }

    @Override
    public void setRetryTimeout(Duration retryTimeout) {
        this.retryTimeout = retryTimeout;
    }

    /** Closes the session: ZooKeeper deletes its ephemeral znodes (member, and leader if still ours) at once. */
    @Override
    public void close() {
        closeRetired();
        session.close();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private ZooKeeperSession open(int ttlSeconds) {
        AtomicReference<ZooKeeperSession> self = new AtomicReference<>();
        ZooKeeperSession zk = ZooKeeperSession.open(settings.connectString(), Duration.ofSeconds(ttlSeconds),
                () -> retryTimeout, state -> {
                    if (self.get() == session) {
                        logConnection(self.get(), state);
                        watch.connectionChanged(state);
                    }
                });
        self.set(zk);
        return zk;
    }

    /** Once per change of the current session's connection (the ZooKeeper client's own lines stay out of the log). */
    private void logConnection(ZooKeeperSession zk, ConnectionState state) {
        String who = name.isEmpty() ? "jpatronictl" : name;
        switch (state) {
            case CONNECTED -> {
                long granted = zk.negotiatedTimeout().toMillis();
                LOG.info("{}: connected to ZooKeeper, session {} ({} ms)", who, Long.toHexString(zk.id()), granted);
                if (granted < ttl * 1000L && !name.isEmpty()) {
                    LOG.warn("{}: ZooKeeper grants sessions of {} ms, shorter than ttl ({} s): the lock ends that long"
                            + " after a leader's last contact; raise the servers' maxSessionTimeout or lower ttl", who,
                            granted, ttl);
                }
            }
            case SUSPENDED -> LOG.warn("{}: connection to ZooKeeper lost, trying the servers again", who);
            case RECONNECTED -> LOG.info("{}: reconnected to ZooKeeper, session {}", who, Long.toHexString(zk.id()));
            case LOST -> LOG.warn("{}: ZooKeeper session expired: its znodes are gone", who);
            default -> {
            }
        }
    }

    /** The session our ephemeral znodes go to: a new one after a ttl change (the old one stays until load()). */
    private ZooKeeperSession sessionForLease() {
        if (newSessionDue) {
            synchronized (this) {
                if (newSessionDue) {
                    newSessionDue = false;
                    closeRetired();
                    retired = session;
                    session = open(ttl);
                    watch.forget();
                    dirty = true;
                }
            }
        }
        return session;
    }

    private synchronized void closeRetired() {
        if (retired != null) {
            retired.close();
            retired = null;
        }
    }

    /** Unconditional, or compare-and-set on the mod revision (0: the znode must not exist). */
    private boolean put(String relKey, String value, OptionalLong modRevision) {
        dirty = true;
        String path = keys.key(relKey);
        if (modRevision.isEmpty()) {
            return session.setOrCreate(path, value);
        }
        long revision = modRevision.getAsLong();
        return revision == 0 ? session.create(path, value, CreateMode.PERSISTENT)
                : compareAndSet(path, value, revision);
    }

    /** Sets {@code path} only if its mzxid is still {@code revision}: read it, then write with its version. */
    private boolean compareAndSet(String path, String value, long revision) {
        ZooKeeperSession zk = session;
        Optional<Znode> current = zk.get(path);
        return current.isPresent() && current.get().mzxid() == revision
                && zk.setData(path, value, current.get().version());
    }

    private void writeQuietly(ZooKeeperSession zk, String relKey, String value) {
        try {
            zk.setOrCreate(keys.key(relKey), value);
        } catch (DcsUnavailableException e) {
            LOG.warn("{}: could not write {}: {}", name, relKey, e.getMessage());
        }
    }

    private Optional<KeyValue> find(List<KeyValue> kvs, String relKey) {
        String key = keys.key(relKey);
        return kvs.stream().filter(kv -> kv.key().equals(key)).findFirst();
    }

    private static KeyValue keyValue(Znode z) {
        return new KeyValue(z.path(), z.value(), z.czxid(), z.mzxid(), z.version() + 1L,
                z.owner() == 0 ? OptionalLong.empty() : OptionalLong.of(z.owner()));
    }
}
