package io.jpatroni.dcs;

/**
 * A DCS call ended before its retry timeout because the caller's budget ran out (see
 * {@link MemberSession#setCallBudget}): the DCS did not answer in the time this node could give it. Quiet writes
 * (the status key, the member key) pass it on rather than swallow it, so the caller handles the outage at once.
 */
public class DcsCutShortException extends DcsUnavailableException {
    public DcsCutShortException(String message) {
        super(message);
    }

    public DcsCutShortException(String message, Throwable cause) {
        super(message, cause);
    }
}
