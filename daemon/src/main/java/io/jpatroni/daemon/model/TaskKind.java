package io.jpatroni.daemon.model;

/** Kinds of background task, with the words Patroni uses for them in status lines. */
public enum TaskKind {
    BOOTSTRAP("bootstrap"),
    CLONE("bootstrap from leader"),
    REWIND("pg_rewind"),
    REINITIALIZE("reinitialize"),
    START("starting"),
    RESTART("restart"),
    PROMOTE("promote"),
    DEMOTE("demote"),
    POST_BOOTSTRAP("post_bootstrap"),
    COPY_SLOTS("copy_logical_slots");

    private final String words;

    TaskKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
