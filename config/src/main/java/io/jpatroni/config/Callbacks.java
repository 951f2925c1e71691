package io.jpatroni.config;

import java.util.Optional;

/** {@code postgresql.callbacks}: scripts run on state changes. */
public record Callbacks(Optional<String> onStart, Optional<String> onStop, Optional<String> onRestart,
                        Optional<String> onReload, Optional<String> onRoleChange) {

    public static Callbacks none() {
        return new Callbacks(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static Callbacks read(Section s) {
        Callbacks callbacks = new Callbacks(s.string("on_start"), s.string("on_stop"), s.string("on_restart"),
                s.string("on_reload"), s.string("on_role_change"));
        s.reportUnknownKeys();
        return callbacks;
    }
}
