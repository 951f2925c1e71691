package io.jpatroni.dcs.etcd3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The deadline rules of every etcd call: a share of retry_timeout per attempt, then another attempt. */
class FuturesTest {

    @Test
    void eachAttemptGetsPatronisShareOfTheRetryTimeoutPerMember() {
        assertThat(Futures.perAttempt(Duration.ofSeconds(3), 3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Futures.perAttempt(Duration.ofSeconds(10), 2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Futures.perAttempt(Duration.ofSeconds(3), 1)).isEqualTo(Duration.ofSeconds(3));
        // never under a second while the retry_timeout allows one
        assertThat(Futures.perAttempt(Duration.ofSeconds(2), 5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Futures.perAttempt(Duration.ofMillis(500), 3)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anAttemptThatNeverAnswersIsSentAgainWithinTheRetryTimeout() {
        AtomicInteger attempts = new AtomicInteger();
        long t0 = System.nanoTime();

        // the first attempt goes to a member behind a partition: its future never completes
        String answer = Futures.await("get /x", Duration.ofSeconds(3), Duration.ofMillis(300),
                () -> attempts.incrementAndGet() == 1 ? new CompletableFuture<>()
                        : CompletableFuture.completedFuture("ok"));

        assertThat(answer).isEqualTo("ok");
        assertThat(attempts).hasValue(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aCallCutShortByTheCallersBudgetSaysSo_aTimeoutDoesNot() {
        assertThatThrownBy(() -> Futures.awaitCutShort("put /x", Duration.ofMillis(200), Duration.ofSeconds(1),
                CompletableFuture::new))
                .isInstanceOf(DcsCutShortException.class)
                .hasMessageStartingWith("put /x: etcd did not answer within 200 ms");
        assertThatThrownBy(() -> Futures.await("put /x", Duration.ofMillis(200), CompletableFuture::new))
                .isInstanceOf(DcsUnavailableException.class)
                .isNotInstanceOf(DcsCutShortException.class);
    }
}
