package io.jpatroni.daemon.model;

/**
 * Whether the local timeline can follow the leader's as it is. {@code UNDECIDED}: the leader is still in recovery
 * (a promotion not finished), so it cannot tell yet; the node follows meanwhile and the loop asks again every cycle
 * until the leader can answer (Patroni's rewind state CHECK).
 */
public enum Divergence { NONE, REWIND_NEEDED, REINITIALIZE_NEEDED, UNDECIDED }
