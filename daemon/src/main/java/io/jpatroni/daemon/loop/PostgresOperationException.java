package io.jpatroni.daemon.loop;

/** An operation on the local PostgreSQL failed (the message names the command, its exit code, its output's tail). */
public final class PostgresOperationException extends RuntimeException {
    public PostgresOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
