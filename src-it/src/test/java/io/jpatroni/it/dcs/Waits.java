package io.jpatroni.it.dcs;

/** Real-time waits that only a real lease expiry needs. */
final class Waits {
    private Waits() {
    }

    /** etcd revokes an expired lease on its next lease check, so allow a margin past the TTL. */
    static void leaseExpiry(long ttlSeconds) {
        try {
            Thread.sleep(ttlSeconds * 1000 + 1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
