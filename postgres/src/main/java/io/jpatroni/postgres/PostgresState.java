package io.jpatroni.postgres;

/**
 * What the local PostgreSQL is doing, with Patroni's wording and Patroni's numeric indexes (monitoring systems
 * rely on both): {@link #ordinal()} equals {@link #index()}. Never reorder; append only.
 */
public enum PostgresState {
    INITIALIZING_NEW_CLUSTER("initializing new cluster"),
    INITDB_FAILED("initdb failed"),
    RUNNING_CUSTOM_BOOTSTRAP_SCRIPT("running custom bootstrap script"),
    CUSTOM_BOOTSTRAP_FAILED("custom bootstrap failed"),
    CREATING_REPLICA("creating replica"),
    RUNNING("running"),
    STARTING("starting"),
    STARTING_AFTER_CUSTOM_BOOTSTRAP("starting after custom bootstrap"),
    START_FAILED("start failed"),
    RESTARTING("restarting"),
    RESTART_FAILED("restart failed"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    STOP_FAILED("stop failed"),
    CRASHED("crashed");

    private final String patroniName;

    PostgresState(String patroniName) {
        this.patroniName = patroniName;
    }

    /** The exact string Patroni reports ({@code state} in the REST API and the member key). */
    public String patroniName() {
        return patroniName;
    }

    /** Patroni's numeric index of this state. */
    public int index() {
        return ordinal();
    }

    public boolean isRunning() {
        return this == RUNNING || this == STARTING;
    }
}
