package io.jpatroni.config;

/** What jpatroni does with a Patroni configuration key today. */
public enum KeyStatus {
    /** Read and used. */
    ACTED_ON("acted on"),
    /** Read but not used yet: named as a warning at startup and by {@code --validate-config}. */
    NOT_ACTED_ON("not acted on yet (warning)"),
    /**
     * Not used yet, and running without it would leave the cluster less safe than the operator asked:
     * the node refuses to start (an error for {@code --validate-config}) until it is implemented.
     */
    REFUSED("refused until implemented"),
    /** Means nothing for jpatroni (a Python runtime knob, or a value Patroni itself derives). */
    NOT_APPLICABLE("not applicable");

    private final String label;

    KeyStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
