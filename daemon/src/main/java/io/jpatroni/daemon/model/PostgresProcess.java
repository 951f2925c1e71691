package io.jpatroni.daemon.model;

/** The postmaster as seen from outside. */
public enum PostgresProcess {
    RUNNING("running"),
    STARTING("starting"),
    STOPPED("stopped"),
    CRASHED("crashed");

    private final String word;

    PostgresProcess(String word) {
        this.word = word;
    }

    /** Patroni's state word for the postmaster (the member key's {@code state}). */
    public String word() {
        return word;
    }
}
