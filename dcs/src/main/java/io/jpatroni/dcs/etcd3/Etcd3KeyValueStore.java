package io.jpatroni.dcs.etcd3;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.kv.KeyValue;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.LeaseNotFoundException;
import io.jpatroni.dcs.kv.RangeResult;
import io.jpatroni.dcs.kv.WatchEvent;
import io.jpatroni.dcs.kv.WatchListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** {@link KeyValueStore} on etcd v3 through jetcd; every call is bounded by the configured timeout. */
public final class Etcd3KeyValueStore implements KeyValueStore {
    private final Client client;
    private final int endpoints;
    private volatile Duration timeout;
    private volatile Supplier<Duration> budget = () -> ChronoUnit.FOREVER.getDuration();

    private Etcd3KeyValueStore(Client client, int endpoints, Duration timeout) {
        this.client = client;
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    /** Builds the client (no connection is made until the first request). */
    public static Etcd3KeyValueStore connect(Etcd3Settings s, Duration timeout) {
        ClientBuilder b = Client.builder()
                .endpoints(s.hosts().stream().map(h -> s.protocol() + "://" + h).toArray(String[]::new))
                .connectTimeout(timeout)
                .retryChronoUnit(ChronoUnit.MILLIS).retryDelay(100).retryMaxDelay(1000)
                .retryMaxDuration(timeout)
                .keepaliveTime(Duration.ofSeconds(10)).keepaliveTimeout(Duration.ofSeconds(5));
        if (s.username().isPresent()) {
            b.user(bytes(s.username().get())).password(bytes(s.password().orElse("")));
        }
        if (s.protocol().equals("https")) {
            try {
                b.sslContext(ssl -> {
                    s.cacert().ifPresent(ca -> ssl.trustManager(ca.toFile()));
                    if (s.cert().isPresent()) {
                        ssl.keyManager(s.cert().get().toFile(), s.key().map(java.nio.file.Path::toFile)
                                .orElse(s.cert().get().toFile()));
                    }
                });
            } catch (javax.net.ssl.SSLException | RuntimeException e) {
                throw new DcsUnavailableException("etcd3: invalid TLS configuration: " + e.getMessage());
            }
        }
        return new Etcd3KeyValueStore(b.build(), s.hosts().size(), timeout);
    }

    @Override
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public RangeResult getPrefix(String prefix) {
        var resp = call("get " + prefix, () -> kv().get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
        return new RangeResult(resp.getHeader().getRevision(), resp.getKvs().stream().map(Etcd3KeyValueStore::kv).toList());
    }

    @Override
    public Optional<KeyValue> get(String key) {
        var resp = call("get " + key, () -> kv().get(bytes(key)));
        return resp.getKvs().stream().findFirst().map(Etcd3KeyValueStore::kv);
    }

    @Override
    public boolean put(String key, String value, OptionalLong lease, Condition condition) {
        PutOption opt = lease.isPresent() ? PutOption.builder().withLeaseId(lease.getAsLong()).build() : PutOption.DEFAULT;
        try {
            if (condition.kind() == Condition.Kind.NONE) {
                call("put " + key, () -> kv().put(bytes(key), bytes(value), opt));
                return true;
            }
            return txn("put " + key, key, condition, Op.put(bytes(key), bytes(value), opt)).isSucceeded();
        } catch (Futures.LeaseGoneException e) {
            throw new LeaseNotFoundException(lease.orElse(0));
        }
    }

    @Override
    public boolean delete(String key, Condition condition) {
        if (condition.kind() == Condition.Kind.NONE) {
            call("delete " + key, () -> kv().delete(bytes(key)));
            return true;
        }
        return txn("delete " + key, key, condition, Op.delete(bytes(key), DeleteOption.DEFAULT)).isSucceeded();
    }

    @Override
    public long deletePrefix(String prefix) {
        return call("delete " + prefix, () -> kv().delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()))
                .getDeleted();
    }

    @Override
    public long grantLease(long ttlSeconds) {
        return call("lease grant", () -> client.getLeaseClient().grant(ttlSeconds)).getID();
    }

    @Override
    public boolean keepAliveOnce(long lease) {
        try {
            return call("lease keepalive", () -> client.getLeaseClient().keepAliveOnce(lease)).getTTL() > 0;
        } catch (Futures.LeaseGoneException e) {
            return false;
        }
    }

    @Override
    public AutoCloseable watchPrefix(String prefix, long fromRevision, WatchListener listener) {
        WatchOption opt = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
        AtomicBoolean closed = new AtomicBoolean();
        Watch.Watcher watcher = client.getWatchClient().watch(bytes(prefix), opt, Watch.listener(
                resp -> listener.onEvents(resp.getEvents().stream().map(Etcd3KeyValueStore::event).toList()),
                err -> {
                    if (closed.compareAndSet(false, true)) {
                        listener.onBroken(err);
                    }
                },
                () -> {
                    if (closed.compareAndSet(false, true)) {
                        listener.onBroken(new DcsUnavailableException("watch completed by etcd"));
                    }
                }));
        return () -> {
            closed.set(true);
            watcher.close();
        };
    }

    @Override
    public void close() {
        client.close();
    }

    private KV kv() {
        return client.getKVClient();
    }

    private TxnResponse txn(String what, String key, Condition c, Op op) {
        Cmp cmp = switch (c.kind()) {
            case ABSENT -> new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
            case MOD_REVISION -> new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(c.revision()));
            case VALUE -> new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.value(bytes(c.value())));
            case NONE -> throw new IllegalArgumentException("no compare");
        };
        return call(what, () -> kv().txn().If(cmp).Then(op).commit());
    }

    @Override
    public void setBudget(Supplier<Duration> budget) {
        this.budget = budget;
    }

    private <T> T call(String what, Supplier<CompletableFuture<T>> supplier) {
        Duration full = timeout;
        Duration left = budget.get();
        if (left.compareTo(full) >= 0) {
            return Futures.await(what, full, Futures.perAttempt(full, endpoints), supplier);
        }
        if (left.isNegative() || left.isZero()) {
            throw new DcsCutShortException(what + ": not sent, no time left for it");
        }
        return Futures.awaitCutShort(what, left, Futures.perAttempt(full, endpoints), supplier);
    }

    private static WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
        WatchEvent.Type type = e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE
                ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
        return new WatchEvent(type, kv(e.getKeyValue()));
    }

    private static KeyValue kv(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(),
                kv.getLease() == 0 ? OptionalLong.empty() : OptionalLong.of(kv.getLease()));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
