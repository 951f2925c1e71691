package io.jpatroni.daemon.model;

/** Whether the local timeline can follow the leader's as it is. */
public enum Divergence { NONE, REWIND_NEEDED, REINITIALIZE_NEEDED }
