package io.jpatroni.daemon.decision;

/** The outcome of one HA cycle: what to do and the status line Patroni would log for it. */
public record Decision(Action action, String status) {

    public static Decision of(Action action, String status) {
        return new Decision(action, status);
    }

    public static Decision noAction(String status) {
        return new Decision(new Action.NoAction(), status);
    }
}
