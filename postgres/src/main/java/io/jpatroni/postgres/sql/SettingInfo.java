package io.jpatroni.postgres.sql;

import java.util.Optional;

/** One row of pg_settings: what a change needs ({@code context}) and whether a restart is already pending. */
public record SettingInfo(String name, String setting, Optional<String> unit, String context,
                          boolean pendingRestart) {
    /** Only a postmaster restart applies it. */
    public boolean needsRestart() {
        return context.equals("postmaster");
    }
}
