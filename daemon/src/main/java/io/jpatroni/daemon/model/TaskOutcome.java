package io.jpatroni.daemon.model;

/** How the last background task ended. */
public record TaskOutcome(TaskKind kind, boolean success, String detail) {
}
