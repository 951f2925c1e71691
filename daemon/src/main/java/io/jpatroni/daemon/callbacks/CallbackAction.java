package io.jpatroni.daemon.callbacks;

/** The {@code postgresql.callbacks} events, by the word Patroni passes as the script's first argument. */
public enum CallbackAction {
    ON_START("on_start"),
    ON_STOP("on_stop"),
    ON_RESTART("on_restart"),
    ON_RELOAD("on_reload"),
    ON_ROLE_CHANGE("on_role_change");

    private final String word;

    CallbackAction(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
