package io.jpatroni.daemon.loop;

/** The HA loop must stop: the node cannot safely take part in this cluster (e.g. system ID mismatch). */
public final class FatalException extends RuntimeException {
    public FatalException(String message) {
        super(message);
    }
}
