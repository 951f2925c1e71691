package io.jpatroni.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A member's daemon frozen alone (SIGSTOP; its PostgreSQL keeps running), as a stalled JVM, a long GC pause or a
 * stuck host would freeze it, and what that does to the writes through HAProxy: the figure jpatroni's fence is for.
 */
public final class Freeze {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Freeze() {
    }

    public static void stop(JPatroniNode node) {
        signal("-STOP", node.pid());
    }

    public static void resume(JPatroniNode node) {
        signal("-CONT", node.pid());
    }

    public static void signal(String signal, long pid) {
        Processes.run(new ProcessBuilder("kill", signal, Long.toString(pid)), Duration.ofSeconds(5));
    }

    /**
     * The process runs: it exists and is not a zombie. An orphaned postmaster that exited stays a zombie until init
     * reaps it (here up to a second and more), and {@link ProcessHandle#isAlive} counts zombies as alive.
     */
    public static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The live {@code jpatroni-fence} processes of {@code dataDir}: each fence's sh, not the subshells it forks
     * (its timer, its command substitutions), which carry the same arguments.
     */
    public static long fencesOf(Path dataDir) {
        String target;
        try {
            target = dataDir.toRealPath().toString();
        } catch (IOException e) {
            target = dataDir.toString();
        }
        String dir = target;
        return ProcessHandle.allProcesses().filter(p -> isFenceOf(p, dir))
                .filter(p -> p.parent().filter(parent -> isFenceOf(parent, dir)).isEmpty())
                .count();
    }

    private static boolean isFenceOf(ProcessHandle p, String dataDir) {
        return p.info().arguments().map(a -> a.length >= 2 && a[a.length - 2].endsWith("jpatroni-fence")
                && a[a.length - 1].equals(dataDir)).orElse(false);
    }

    /**
     * What freezing the leader's daemon for a while did: the old primary's postmaster and when it was seen gone (-1:
     * it ran through the freeze), the new leader and its promotion time (its line in the history key), the writes
     * acknowledged, those lost, and those the old primary acknowledged after the promotion.
     */
    public record Outcome(String old, long postmaster, double postmasterGoneAfter, String newLeader,
                          OffsetDateTime promoted, int acknowledged, List<Long> lost, long lateOnOld) {
        public String summary() {
            return String.format("%s promoted at %s; old postmaster %s; %d writes acknowledged, %d of them lost,"
                            + " %d acknowledged by the old primary after the promotion", newLeader, promoted,
                    postmasterGoneAfter < 0 ? "ran through the freeze"
                            : String.format("gone %.2f s after SIGSTOP", postmasterGoneAfter),
                    acknowledged, lost.size(), lateOnOld);
        }
    }

    /** The jpatroni cluster's leader frozen: see {@link #leader(List, Function, String, Duration, boolean)}. */
    public static Outcome leaderThroughHaProxy(JPatroniCluster cluster, Duration frozenFor, boolean fenced)
            throws Exception {
        return leader(cluster.nodes().stream().map(JPatroniNode::config).toList(),
                n -> cluster.node(n.name()).pid(), cluster.haproxy().writeUrl(), frozenFor, fenced);
    }

    /** The Patroni 3.0.2 cluster's leader frozen (Patroni without a watchdog device: nothing fences it). */
    public static Outcome leaderThroughHaProxy(MixedCluster cluster, Duration frozenFor) throws Exception {
        return leader(cluster.nodes(), cluster::pid, cluster.haproxy().writeUrl(), frozenFor, false);
    }

    /**
     * A writer through HAProxy every 50 ms; the leader's daemon ({@code agentPid}) frozen for {@code frozenFor},
     * then thawed; every acknowledged write looked for on the new primary. {@code fenced}: the old postmaster must be
     * gone before another member answers as the primary; otherwise it must still run when one does.
     */
    public static Outcome leader(List<NodeConfig> members, Function<NodeConfig, Long> agentPid, String writeUrl,
                                 Duration frozenFor, boolean fenced) throws Exception {
        NodeConfig old = members.stream().filter(n -> status(n, "/primary") == 200).findFirst().orElseThrow();
        long agent = agentPid.apply(old);
        long postmaster = postmasterPid(old);
        int oldPort = old.pgPort();
        NodeConfig newLeader;
        double goneAfter = -1;
        OffsetDateTime seenPrimaryAt;
        List<Writer.Ack> acks;
        List<Long> lost;
        try (Writer writer = Writer.start(writeUrl, 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            signal("-STOP", agent);
            long frozenAt = System.nanoTime();   // kill(1) returned: frozen by now, its last lock write earlier
            try {
                if (fenced) {
                    await().atMost(frozenFor).pollInterval(Duration.ofMillis(20)).until(() -> !isAlive(postmaster));
                    goneAfter = (System.nanoTime() - frozenAt) / 1e9;
                }
                newLeader = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> members.stream().filter(n -> n != old && status(n, "/primary") == 200)
                                .findFirst(), Optional::isPresent).orElseThrow();
                seenPrimaryAt = OffsetDateTime.now(ZoneOffset.UTC);
                if (!fenced) {
                    assertThat(isAlive(postmaster)).as("the old primary runs through the promotion").isTrue();
                }
                Duration left = frozenFor.minusNanos(System.nanoTime() - frozenAt);
                if (!left.isNegative()) {
                    // the rest of the freeze (a pace, not a wait for a condition)
                    await().pollDelay(left).atMost(left.plusSeconds(1)).until(() -> true);
                }
            } finally {
                signal("-CONT", agent);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.secondsToFirstWriteAfter(frozenAt, oldPort) > 0);
            writer.close();
            acks = writer.acks();
            lost = writer.lostWrites(writeUrl);
        }
        OffsetDateTime promoted = promotionTime(newLeader).orElse(seenPrimaryAt);
        long lateOnOld = acks.stream().filter(a -> a.serverPort() == oldPort)
                .filter(a -> a.epochMillis() >= promoted.toInstant().toEpochMilli()).count();
        return new Outcome(old.name(), postmaster, goneAfter, newLeader.name(), promoted, acks.size(), lost,
                lateOnOld);
    }

    private static long postmasterPid(NodeConfig node) throws IOException {
        return Long.parseLong(Files.readAllLines(node.dataDir().resolve("postmaster.pid")).get(0).trim());
    }

    private static int status(NodeConfig node, String path) {
        return MixedCluster.get(node, path).map(HttpResponse::statusCode).orElse(-1);
    }

    /**
     * When {@code leader} was promoted: its line in the history key (written after the promotion; Patroni writes it
     * only once the checkpoint after the promotion is done, which a loaded machine may not reach within the wait),
     * else empty and the caller takes the moment it first answered as the primary (later, so fewer writes count as
     * late).
     */
    private static Optional<OffsetDateTime> promotionTime(NodeConfig leader) {
        try {
            JsonNode history = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> JSON.readTree(MixedCluster.get(leader, "/history").orElseThrow().body()),
                    h -> h.size() > 0 && leader.name().equals(h.get(h.size() - 1).path(4).asText()));
            return Optional.of(OffsetDateTime.parse(history.get(history.size() - 1).path(3).asText()));
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }
}
