package io.jpatroni.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback TCP ports, never handing out the same one twice in this JVM.
 *
 * <p>The integration tests run in several forked JVMs at once (failsafe's {@code forkCount}); each fork takes its
 * ports from a range of its own ({@code jpatroni.it.fork}, failsafe's fork number), below the kernel's ephemeral
 * range, so a port one fork has just found free is never the one another fork or an outgoing connection picks
 * before the test's process binds it.
 */
public final class FreePorts {
    static final int FIRST = 12000;
    static final int PER_FORK = 4000;

    private static int next = -1;
    private static int end;

    private FreePorts() {
    }

    public static synchronized int next() {
        if (next < 0) {
            int fork = fork();
            next = FIRST + (fork - 1) * PER_FORK;
            end = next + PER_FORK;
        }
        while (next < end) {
            int port = next++;
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port left in this fork's range (ends at " + end + ")");
    }

    /** Failsafe's fork number (1, 2, …), or 1 outside a fork. */
    static int fork() {
        String value = System.getProperty("jpatroni.it.fork", "1");
        try {
            return Math.max(1, Math.min(4, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return 1; // an unexpanded ${surefire.forkNumber}: not forked
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
