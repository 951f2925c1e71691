package io.jpatroni.daemon.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One round of {@code POST /failsafe} by a primary that cannot reach the DCS (Patroni's
 * {@code check_failsafe_topology}): every other member of the {@code failsafe} key was asked, at once, whether this
 * node may go on as the primary.
 *
 * @param startedAt when the first request left, by this node's clock: a successful round makes the leadership valid
 *                  until {@code startedAt + ttl}, never longer, since every member's memory of it starts later
 * @param answers   member name to its answer, for every other member of the key
 */
public record FailsafeRound(Instant startedAt, Map<String, Answer> answers) {

    public FailsafeRound {
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /**
     * @param accepted the member answered 200 {@code Accepted}
     * @param lsn      its received/replayed LSN from the {@code lsn} header (Patroni 4), when sent
     */
    public record Answer(boolean accepted, OptionalLong lsn) {
        public static Answer refused() {
            return new Answer(false, OptionalLong.empty());
        }
    }

    public boolean allAccepted() {
        return answers.values().stream().allMatch(Answer::accepted);
    }
}
