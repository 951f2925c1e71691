package io.jpatroni.postgres.process;

import java.util.Optional;

/** What postmaster.pid says about a data directory, checked against the live process table. */
public record PostmasterStatus(Kind kind, Optional<PostmasterPid> pidFile) {
    public enum Kind {
        /** No postmaster.pid: cleanly stopped (or never started). */
        NOT_RUNNING,
        /** A live postgres process owns this data directory. */
        RUNNING,
        /** postmaster.pid is left behind by a postmaster that is gone: it crashed or was killed. */
        STALE_PID
    }

    public boolean isRunning() {
        return kind == Kind.RUNNING;
    }

    /** postmaster.pid says "ready" (a primary or a hot standby) or "standby" (a standby accepting reads). */
    public boolean acceptsConnections() {
        return isRunning() && pidFile.flatMap(PostmasterPid::status)
                .map(st -> st.equals("ready") || st.equals("standby")).orElse(false);
    }

    public long pid() {
        return pidFile.map(PostmasterPid::pid).orElse(-1L);
    }
}
