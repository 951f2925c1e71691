package io.jpatroni.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The campaign's judge on made-up samples: each invariant breaks when it should, and only then. */
class InvariantsTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** 100 ms samples over [0, 10 s): n1 holds the key and answers /primary until 5 s, then n2. */
    private static List<Observer.Sample> handOverAt5s(String holderAfter) {
        List<Observer.Sample> samples = new ArrayList<>();
        for (long t = 0; t < 10 * S; t += 100 * MS) {
            boolean before = t < 5 * S;
            samples.add(new Observer.Sample(t, Set.of(before ? "n1" : "n2"), Set.of(before ? "n1" : "n2"),
                    before ? "n1" : holderAfter));
        }
        return samples;
    }

    private static Verdict judge(List<Observer.Sample> samples, List<ChaosWriter.Ack> acks, List<Long> lost,
                                 boolean strict, long healthyNanos) {
        return Invariants.judge(Fault.KILL_LEADER, 0, 6 * S, healthyNanos, 10 * S, 10, samples, acks, lost, strict,
                () -> "logs");
    }

    @Test
    void aCleanHandOverBreaksNothing() {
        List<ChaosWriter.Ack> acks = List.of(new ChaosWriter.Ack(1, 1 * S, 1 * S + 5 * MS, "n1"),
                new ChaosWriter.Ack(2, 7 * S, 7 * S + 5 * MS, "n2"));

        Verdict v = judge(handOverAt5s("n2"), acks, List.of(), true, 8 * S);

        assertThat(v.broken()).isEmpty();
        assertThat(v.acknowledged()).isEqualTo(2);
        assertThat(v.outageSeconds()).isEqualTo(6.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(v.healSeconds()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void twoPrimariesInOneSampleIsSplitBrain() {
        List<Observer.Sample> samples = new ArrayList<>(handOverAt5s("n2"));
        samples.set(50, new Observer.Sample(5 * S, Set.of("n1", "n2"), Set.of("n2"), "n2"));

        Verdict v = judge(samples, List.of(), List.of(), false, 8 * S);

        assertThat(v.splitBrainSamples()).isEqualTo(1);
        assertThat(v.broken()).hasSize(1).first().asString().contains("two nodes answer /primary 200");
    }

    @Test
    void aWriteOnANodeThatDoesNotHoldTheKeyBreaksTheLockInvariantUnlessTheHolderIsUnknown() {
        List<ChaosWriter.Ack> late = List.of(new ChaosWriter.Ack(3, 7 * S, 7 * S + 5 * MS, "n1"));

        assertThat(judge(handOverAt5s("n2"), late, List.of(), false, 8 * S).nonHolderWrites()).isEqualTo(1);
        // etcd unreadable (no quorum): the holder is unknown, the write is not judged
        assertThat(judge(handOverAt5s(Observer.UNKNOWN), late, List.of(), false, 8 * S).broken()).isEmpty();
        // no leader key at all is known, and n1 is not it
        assertThat(judge(handOverAt5s(null), late, List.of(), false, 8 * S).nonHolderWrites()).isEqualTo(1);
    }

    @Test
    void lostWritesBreakOnlyTheStrictInvariant() {
        assertThat(judge(handOverAt5s("n2"), List.of(), List.of(7L), false, 8 * S).broken()).isEmpty();
        assertThat(judge(handOverAt5s("n2"), List.of(), List.of(7L), true, 8 * S).broken()).hasSize(1);
    }

    @Test
    void healingLaterThanTwiceTheTtlOrNeverBreaks() {
        assertThat(judge(handOverAt5s("n2"), List.of(), List.of(), false, 26 * S + S / 10).broken()).hasSize(1);
        assertThat(judge(handOverAt5s("n2"), List.of(), List.of(), false, -1).broken()).hasSize(1);
        assertThat(judge(handOverAt5s("n2"), List.of(), List.of(), false, 25 * S).broken()).isEmpty();
    }
}
