package io.jpatroni.postgres.process;

/** pg_ctl shutdown modes, in escalation order. */
public enum StopMode {
    SMART, FAST, IMMEDIATE;

    public String pgCtlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
