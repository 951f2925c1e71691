package io.jpatroni.postgres;

/**
 * What the local PostgreSQL is doing, in Patroni's words (its {@code state} field in the REST API and DCS).
 * The ordinal is stable: append new states at the end only.
 */
public enum PostgresState {
    STOPPED("stopped"),
    STARTING("starting"),
    RUNNING("running"),
    STOPPING("stopping"),
    STOP_FAILED("stop failed"),
    START_FAILED("start failed"),
    RESTARTING("restarting"),
    RESTART_FAILED("restart failed"),
    CRASHED("crashed"),
    INITIALIZING_NEW_CLUSTER("initializing new cluster"),
    INITDB_FAILED("initdb failed"),
    RUNNING_CUSTOM_BOOTSTRAP_SCRIPT("running custom bootstrap script"),
    CUSTOM_BOOTSTRAP_FAILED("custom bootstrap failed"),
    CREATING_REPLICA("creating replica"),
    REWINDING("running pg_rewind");

    private final String patroniName;

    PostgresState(String patroniName) {
        this.patroniName = patroniName;
    }

    /** The exact string Patroni reports. */
    public String patroniName() {
        return patroniName;
    }

    public boolean isRunning() {
        return this == RUNNING || this == STARTING;
    }
}
