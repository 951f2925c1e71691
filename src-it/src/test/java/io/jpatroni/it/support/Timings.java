package io.jpatroni.it.support;

/**
 * The HA timings ({@code bootstrap.dcs} ttl, loop_wait, retry_timeout, in seconds) of the test clusters, in one place:
 * every node's YAML gets them from here, and so does every test that asserts a bound made of them.
 */
public record Timings(int ttl, int loopWait, int retryTimeout) {
    /** jpatroni's test and benchmark profile: a lost leader is replaced within seconds. */
    public static final Timings JPATRONI = new Timings(10, 1, 3);

    /** Real Patroni refuses a ttl under 20. */
    public static final Timings PATRONI = new Timings(20, 1, 5);
}
