package io.jpatroni.dcs.zookeeper;

import io.jpatroni.dcs.DcsUnavailableException;
import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One ZooKeeper session through Curator, as blocking calls each bounded by the retry timeout: the ZooKeeper
 * operations {@link ZooKeeperDcs} needs, their expected failures ({@code NONODE}, {@code NODEEXISTS},
 * {@code BADVERSION}) as plain results, anything else (no connection, no answer in time, an expired session) as
 * {@link DcsUnavailableException}. The only class that sees Curator's futures and result codes.
 *
 * <p>Session timeout = Patroni's {@code ttl}; a request lost with its connection is tried again, 0.1 s doubling up
 * to 1 s apart, until the retry timeout (Patroni's command retry). No threads beyond Curator's own four (the
 * ZooKeeper client's I/O and event threads, Curator's background and connection-state threads): results arrive on
 * the event thread. The ensemble tracker is off, so the client only ever talks to the configured hosts.
 */
final class ZooKeeperSession implements AutoCloseable {
    private static final Set<Code> ANSWERS = Set.of(Code.OK, Code.NONODE, Code.NODEEXISTS, Code.BADVERSION,
            Code.NOTEMPTY);

    /** A znode's value and the stat fields jpatroni uses. {@code owner} is 0 for a persistent znode. */
    record Znode(String path, String value, long czxid, long mzxid, int version, long owner) {
    }

    private final CuratorFramework curator;
    private final Supplier<Duration> timeout;

    private ZooKeeperSession(CuratorFramework curator, Supplier<Duration> timeout) {
        this.curator = curator;
        this.timeout = timeout;
    }

    /** Starts a client for {@code connectString}; it connects in the background, calls wait for it. */
    static ZooKeeperSession open(String connectString, Duration sessionTimeout, Supplier<Duration> timeout,
                                 Consumer<ConnectionState> onConnection) {
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) timeout.get().toMillis())
                .retryPolicy(new UntilRetryTimeout(timeout))
                .ensembleTracker(false)
                .dontUseContainerParents()
                .defaultData(new byte[0])
                .build();
        curator.getConnectionStateListenable().addListener((client, state) -> onConnection.accept(state));
        curator.start();
        return new ZooKeeperSession(curator, timeout);
    }

    /** This client's session id, 0 while it has none (never connected, or expired and not yet replaced). */
    long id() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The session timeout the server granted (it bounds the requested one by its min/maxSessionTimeout). */
    Duration negotiatedTimeout() {
        try {
            return Duration.ofMillis(curator.getZookeeperClient().getZooKeeper().getSessionTimeout());
        } catch (Exception e) {
            return Duration.ZERO;
        }
    }

    Optional<Znode> get(String path) {
        CuratorEvent e = call("get " + path, cb -> curator.getData().inBackground(cb).forPath(path));
        return code(e) == Code.NONODE ? Optional.empty() : Optional.of(znode(path, e.getData(), e.getStat()));
    }

    /** The znodes at {@code paths} that exist, read in one pipelined burst, in the order given. */
    List<Znode> getAll(List<String> paths) {
        Map<String, CompletableFuture<CuratorEvent>> pending = new LinkedHashMap<>();
        for (String path : paths) {
            pending.put(path, start("get " + path, cb -> curator.getData().inBackground(cb).forPath(path)));
        }
        long deadline = System.nanoTime() + timeout.get().toNanos();
        List<Znode> found = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<CuratorEvent>> p : pending.entrySet()) {
            CuratorEvent e = await("get " + p.getKey(), p.getValue(), deadline);
            if (code(e) != Code.NONODE) {
                found.add(znode(p.getKey(), e.getData(), e.getStat()));
            }
        }
        return found;
    }

    /** The names of the children of {@code path}, none when it does not exist. */
    List<String> children(String path) {
        CuratorEvent e = call("list " + path, cb -> curator.getChildren().inBackground(cb).forPath(path));
        return code(e) == Code.NONODE ? List.of() : e.getChildren();
    }

    /** Creates {@code path} (and missing persistent parents); false when it exists. */
    boolean create(String path, String value, CreateMode mode) {
        CuratorEvent e = call("create " + path, cb -> curator.create().creatingParentsIfNeeded().withMode(mode)
                .inBackground(cb).forPath(path, bytes(value)));
        return code(e) == Code.OK;
    }

    /** Sets {@code path} if it has {@code version} (-1: any); false when it is gone or has another version. */
    boolean setData(String path, String value, int version) {
        CuratorEvent e = call("set " + path, cb -> curator.setData().withVersion(version).inBackground(cb)
                .forPath(path, bytes(value)));
        return code(e) == Code.OK;
    }

    /** Sets {@code path}, creating it (persistent) when it does not exist; false if it kept vanishing. */
    boolean setOrCreate(String path, String value) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (setData(path, value, -1) || create(path, value, CreateMode.PERSISTENT)) {
                return true;   // else created or deleted by someone else in between: try again
            }
        }
        return false;
    }

    /** Deletes {@code path} if it has {@code version} (-1: any); false when it is gone or has another version. */
    boolean delete(String path, int version) {
        CuratorEvent e = call("delete " + path, cb -> curator.delete().withVersion(version).inBackground(cb)
                .forPath(path));
        return code(e) == Code.OK;
    }

    /** Deletes {@code path} and everything below it. */
    void deleteTree(String path) {
        call("delete " + path, cb -> curator.delete().deletingChildrenIfNeeded().inBackground(cb).forPath(path));
    }

    /**
     * In one transaction: deletes {@code path} if it still has {@code version} and creates it again as an ephemeral
     * znode of this session holding {@code value}. False when it changed or vanished meanwhile.
     */
    boolean recreateEphemeral(String path, String value, int version) {
        List<CuratorOp> ops;
        try {
            ops = List.of(curator.transactionOp().delete().withVersion(version).forPath(path),
                    curator.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, bytes(value)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        CuratorEvent e = call("re-create " + path, cb -> curator.transaction().inBackground(cb).forOperations(ops));
        return code(e) == Code.OK;
    }

    /** Adds a persistent recursive watch (ZooKeeper 3.6+) on {@code path}, which need not exist yet. */
    void watchRecursively(String path, Watcher watcher) {
        call("watch " + path, cb -> curator.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE)
                .inBackground(cb).usingWatcher(watcher).forPath(path));
    }

    /** Ends the session: its ephemeral znodes are deleted at once. */
    @Override
    public void close() {
        curator.close();
    }

    @FunctionalInterface
    private interface Request {
        void start(BackgroundCallback callback) throws Exception;
    }

    private CuratorEvent call(String what, Request request) {
        return await(what, start(what, request), System.nanoTime() + timeout.get().toNanos());
    }

    private static CompletableFuture<CuratorEvent> start(String what, Request request) {
        CompletableFuture<CuratorEvent> done = new CompletableFuture<>();
        try {
            request.start((client, event) -> done.complete(event));
        } catch (Exception e) {
            throw new DcsUnavailableException("zookeeper: " + what + ": " + e, e);
        }
        return done;
    }

    private CuratorEvent await(String what, CompletableFuture<CuratorEvent> done, long deadlineNanos) {
        CuratorEvent event;
        try {
            event = done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DcsUnavailableException("zookeeper: " + what + ": no answer within "
                    + timeout.get().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new DcsUnavailableException("zookeeper: " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DcsUnavailableException("zookeeper: " + what + ": interrupted");
        }
        Code code = code(event);
        if (!ANSWERS.contains(code)) {
            throw new DcsUnavailableException("zookeeper: " + what + ": " + code);
        }
        return event;
    }

    private static Code code(CuratorEvent event) {
        return Code.get(event.getResultCode());
    }

    private static Znode znode(String path, byte[] data, Stat stat) {
        return new Znode(path, data == null ? "" : new String(data, StandardCharsets.UTF_8), stat.getCzxid(),
                stat.getMzxid(), stat.getVersion(), stat.getEphemeralOwner());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Patroni's command retry: 0.1 s doubling up to 1 s between tries, none started past the retry timeout. */
    private record UntilRetryTimeout(Supplier<Duration> timeout) implements RetryPolicy {
        @Override
        public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
            long delay = Math.min(1000, 100L << Math.min(retryCount, 4));
            if (elapsedTimeMs + delay >= timeout.get().toMillis()) {
                return false;
            }
            try {
                sleeper.sleepFor(delay, TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
