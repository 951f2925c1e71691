package io.jpatroni.watchdog.fence;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a process from a fresh thread. A child inherits the signal mask of the thread that forks it, and the JVM's
 * main thread blocks almost every signal (OpenJDK 17: {@code SigBlk: fffffffe7ffbfeff} in the child's
 * {@code /proc/PID/status}): a fence started from it could never be retired with SIGTERM. Threads the JVM starts
 * block only SIGQUIT ({@code SigBlk: 0000000000000004}), which the fence sends but never needs to receive.
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
