package io.jpatroni.it.chaos;

import java.util.ArrayList;
import java.util.List;

/** What one round measured, and the invariants it broke with their evidence. */
record Verdict(Fault fault, int splitBrainSamples, int nonHolderWrites, int twoWritableSamples, int acknowledged,
               int lost, double outageSeconds, double healSeconds, List<String> broken, List<String> evidence) {

    boolean ok() {
        return broken.isEmpty();
    }

    static final class Builder {
        final List<String> broken = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();

        void broke(String invariant, String proof) {
            broken.add(invariant);
            evidence.add("INVARIANT BROKEN: " + invariant + "\n" + proof);
        }
    }
}
