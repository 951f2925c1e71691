package io.jpatroni.watchdog.fence;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a process from a fresh thread, a precaution: a child inherits the signal mask of the thread that forks it,
 * the JVM's own threads block SIGQUIT, and its main thread whatever its launcher blocked. OpenJDK 17 clears the mask
 * in every child it starts in any case (measured with posix_spawn, vfork and fork, from the main thread and from
 * started threads of a JVM whose parent blocked every signal). The {@code SigBlk: fffffffe7ffbfeff} once read in a
 * fence's {@code /proc/PID/status} is dash's own full mask, held for an instant around each {@code fork()}.
 */
public final class CleanStart {
    private CleanStart() {
    }

    public static Process start(ProcessBuilder builder) throws IOException {
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                started.set(builder.start());
            } catch (IOException e) {
                failed.set(e);
            }
        }, "jpatroni-clean-start");
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command(), e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return started.get();
    }
}
