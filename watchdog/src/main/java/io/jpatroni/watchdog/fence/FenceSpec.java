package io.jpatroni.watchdog.fence;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start the fence of one data directory.
 *
 * @param script        {@code bin/jpatroni-fence}
 * @param dataDir       the data directory whose postmaster it stops
 * @param log           where its log lines (stderr) go: the daemon's own stderr ({@link Redirect#INHERIT}, the
 *                      journal under systemd), which outlives the daemon, unlike a pipe the JVM would read
 * @param answerTimeout how long a command may wait for its answer
 */
public record FenceSpec(Path script, Path dataDir, Redirect log, Duration answerTimeout) {
    public static final String SCRIPT_NAME = "jpatroni-fence";
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(5);

    public static FenceSpec of(Path script, Path dataDir) {
        return new FenceSpec(script, dataDir, Redirect.INHERIT, DEFAULT_ANSWER_TIMEOUT);
    }

    public FenceSpec withLog(Redirect redirect) {
        return new FenceSpec(script, dataDir, redirect, answerTimeout);
    }
}
