package io.jpatroni.dcs;

/**
 * The DCS could not be reached (or did not answer) within the retry timeout. Unchecked: callers
 * above the DCS layer turn it into Patroni's "DCS is not accessible" handling. Messages never
 * contain credentials.
 */
public class DcsUnavailableException extends RuntimeException {
    public DcsUnavailableException(String message) {
        super(message);
    }

    public DcsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
