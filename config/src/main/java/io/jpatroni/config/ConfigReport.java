package io.jpatroni.config;

import java.io.PrintStream;

/** Prints a {@link LoadedConfig}'s problems for {@code --validate-config} and gives the exit code. */
public final class ConfigReport {
    private ConfigReport() {
    }

    /** Prints {@code WARNING: ...} and {@code ERROR: ...} lines; returns 1 if there is any error, else 0. */
    public static int print(LoadedConfig loaded, PrintStream out) {
        loaded.warnings().forEach(w -> out.println("WARNING: " + w.render()));
        loaded.errors().forEach(e -> out.println("ERROR: " + e.render()));
        return loaded.isValid() ? 0 : 1;
    }
}
