package io.jpatroni.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.SyncSettings;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.dcs.kv.KeyValue;
import io.jpatroni.dcs.kv.MutableClock;
import io.jpatroni.dcs.kv.WatchEvent;
import io.jpatroni.dcs.kv.WatchListener;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.SyncState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole cycles in synchronous mode on the in-memory DCS with fake PostgreSQLs, checking at every write Patroni's
 * invariant: the {@code sync} key never names a standby the primary's PostgreSQL does not wait for (set in
 * PostgreSQL first, then in the DCS; removed from the DCS first, then from PostgreSQL), and a standby appears in the
 * key only once it is confirmed.
 */
class SyncCycleTest {
    private static final String SYNC_KEY = "/service/demo/sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore(clock);
    private final List<String> journal = new ArrayList<>();
    private final Map<String, TestNode> nodes = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> keyWrites = new ArrayList<>();
    private TestNode node1;
    private TestNode node2;
    private TestNode node3;

    private TestNode node(String name) {
        TestNode n = new TestNode(name, store, clock, journal, nodes);
        nodes.put(name, n);
        return n;
    }

    @BeforeEach
    void threeNodesInStrictSynchronousMode() {
        node1 = node("node1");
        node2 = node("node2");
        node3 = node("node3");
        node1.cycle();
        node1.cycle();
        node2.cycle();
        node2.cycle();
        node3.cycle();
        node3.cycle();
        SyncSettings strict = new SyncSettings(SyncSettings.Mode.ON, true, 1, -1);
        nodes.values().forEach(n -> n.settings = n.settings.withSync(strict));
        nodes.values().forEach(n -> n.postgres.onSyncNamesChange = () -> checkOnNamesChange(n));
        store.watchPrefix(SYNC_KEY, store.revision() + 1, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                events.stream().filter(e -> e.type() == WatchEvent.Type.PUT).forEach(e -> checkOnKeyWrite(e.kv()));
            }

            @Override
            public void onBroken(Throwable cause) {
            }
        });
        journal.clear();
    }

    /** The key's leader and standbys as the DCS holds them now. */
    private Optional<Map<String, Object>> key() {
        return store.get(SYNC_KEY).map(kv -> parse(kv.value()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> standbys(Map<String, Object> key) {
        Object s = key.get("sync_standby");
        return s == null ? Set.of() : Arrays.stream(s.toString().split(",")).collect(Collectors.toSet());
    }

    /** synchronous_standby_names just changed on {@code n}: the key of the leader it is must not name more. */
    private void checkOnNamesChange(TestNode n) {
        SyncObservation pg = n.postgres.syncState();
        key().filter(k -> n.name.equals(k.get("leader"))).ifPresent(k -> {
            for (String s : standbys(k)) {
                if (!pg.lists(s)) {
                    violations.add(n.name + " stopped waiting for " + s + " while the key still names it");
                }
            }
        });
    }

    /** The key was written: every standby it names is listed and confirmed on the leader that wrote it. */
    private void checkOnKeyWrite(KeyValue kv) {
        Map<String, Object> k = parse(kv.value());
        keyWrites.add(k.get("leader") + " " + new TreeSet<>(standbys(k)));
        TestNode leader = nodes.get(String.valueOf(k.get("leader")));
        if (leader == null) {
            return; // written by a node the test staged (gone)
        }
        SyncObservation pg = leader.postgres.syncState();
        for (String s : standbys(k)) {
            boolean confirmed = leader.postgres.observe().replication().stream()
                    .anyMatch(r -> r.applicationName().equals(s) && "sync".equals(r.syncState())
                            && r.flushLsn().orElse(0) >= pg.changedAtLsn());
            if (!pg.lists(s) || !confirmed) {
                violations.add("the key names " + s + " before " + leader.name + "'s PostgreSQL confirmed it");
            }
        }
    }

    @Test
    void standbysAreListedBeforeTheKeyNamesThemAndDroppedFromTheKeyFirst() {
        node1.cycle();
        assertThat(journal).containsExactly("node1:synchronous_standby_names PRIORITY 1 [*]");

        node1.postgres.streaming("node2", "async", 100);
        node1.postgres.streaming("node3", "async", 90);
        node1.cycle();
        assertThat(journal).endsWith("node1:synchronous_standby_names PRIORITY 1 [node2]");
        assertThat(key()).isEmpty();

        node1.cycle();
        assertThat(key()).as("reported async: not yet named").isEmpty();

        node1.postgres.streaming("node2", "sync", 100);
        node1.cycle();
        assertThat(key().map(SyncCycleTest::standbys)).contains(Set.of("node2"));

        node1.postgres.disconnected("node2");
        node1.cycle();
        assertThat(keyWrites).endsWith("node1 []");
        assertThat(journal).endsWith("node1:synchronous_standby_names PRIORITY 1 [node3]");

        node1.postgres.streaming("node3", "sync", 100);
        node1.cycle();
        assertThat(key().map(SyncCycleTest::standbys)).contains(Set.of("node3"));

        assertThat(keyWrites).containsExactly("node1 [node2]", "node1 []", "node1 [node3]");
        assertThat(violations).isEmpty();
    }

    @Test
    void theLastSynchronousStandbyGoneInStrictModeLeavesStarAndAnEmptyKey() {
        node1.postgres.streaming("node2", "async", 100);
        node1.cycle();
        node1.postgres.streaming("node2", "sync", 100);
        node1.cycle();
        assertThat(key().map(SyncCycleTest::standbys)).contains(Set.of("node2"));

        node1.postgres.disconnected("node2");
        node1.cycle();
        assertThat(key().map(SyncCycleTest::standbys)).contains(Set.of());
        assertThat(journal).endsWith("node1:synchronous_standby_names PRIORITY 1 [*]");
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheSynchronousStandbyIsPromotedAndItClaimsTheKeyFirst() {
        node1.postgres.streaming("node2", "async", 100);
        node1.postgres.streaming("node3", "async", 100);
        node1.cycle();
        node1.postgres.streaming("node2", "sync", 100);
        node1.cycle();
        assertThat(key().map(SyncCycleTest::standbys)).contains(Set.of("node2"));
        node3.postgres.advanceLsn(50); // the async standby is even ahead

        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        journal.clear();

        assertThat(node3.cycle()).isEqualTo(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        assertThat(journal).containsExactly("node3:follow nobody", "node2:synchronous_standby_names PRIORITY 1 [*]",
                "node2:promote");
        assertThat(keyWrites).endsWith("node2 []");
        assertThat(node2.dcs.load().sync()).map(SyncState::leader).contains(Optional.of("node2"));
        assertThat(violations).isEmpty();
    }

    @Test
    void aPromotionIsPostponedWhenTheKeyChangedUnderIt() {
        node1.postgres.streaming("node2", "async", 100);
        node1.cycle();
        node1.postgres.streaming("node2", "sync", 100);
        node1.cycle();
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        // somebody rewrites the key between node2's load of the cluster and its claim
        node2.postgres.onObserve = () -> node3.dcs.setSyncState(new SyncState(0, Optional.of("node1"),
                Set.of("node2"), OptionalInt.empty()), OptionalLong.empty());
        journal.clear();

        assertThat(node2.cycle()).isEqualTo(HaMessages.POSTPONING_PROMOTION);
        assertThat(journal).isEmpty();
        assertThat(node2.dcs.load().leaderName()).contains("node2");

        node2.postgres.onObserve = () -> { };
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BECAUSE_HAD_LOCK);
        assertThat(journal).containsExactly("node2:synchronous_standby_names PRIORITY 1 [*]", "node2:promote");
        assertThat(violations).isEmpty();
    }
}
