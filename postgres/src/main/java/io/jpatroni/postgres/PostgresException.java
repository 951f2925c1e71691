package io.jpatroni.postgres;

/** Base of every failure this module reports; the message always says what went wrong. */
public class PostgresException extends RuntimeException {
    public PostgresException(String message) {
        super(message);
    }

    public PostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
