package io.jpatroni.daemon.model;

/** What the data directory holds, as the HA loop sees it. */
public enum DataDir { EMPTY, PRESENT, INACCESSIBLE }
