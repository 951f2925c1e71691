package io.jpatroni.daemon.model;

import java.time.Instant;

/**
 * A long action running in the background while the loop keeps cycling.
 *
 * @param words how status lines name it ({@code bootstrap from leader 'node1'})
 */
public record RunningTask(TaskKind kind, String words, Instant startedAt) {
}
