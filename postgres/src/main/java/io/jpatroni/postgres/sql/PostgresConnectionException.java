package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.PostgresException;

/** PostgreSQL could not be reached or a query failed; the message names the target and the SQL. */
public class PostgresConnectionException extends PostgresException {
    public PostgresConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
