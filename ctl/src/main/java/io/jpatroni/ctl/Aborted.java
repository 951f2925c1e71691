package io.jpatroni.ctl;

/** The user closed stdin (or pressed Ctrl-C) at a prompt: {@code Aborted!} on stderr, exit code 1, as click. */
public final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Aborted() {
        super("Aborted!");
    }
}
