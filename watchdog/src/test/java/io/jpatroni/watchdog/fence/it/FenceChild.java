package io.jpatroni.watchdog.fence.it;

import io.jpatroni.watchdog.fence.BootClock;
import io.jpatroni.watchdog.fence.BootTime;
import io.jpatroni.watchdog.fence.Fence;
import io.jpatroni.watchdog.fence.FenceSpec;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in daemon in its own JVM: starts the fence of a data directory, arms it once, prints
 * {@code armed DEADLINE FENCE_PID}, then either freezes itself with SIGSTOP ({@code stop}) or stays alive, never
 * renewing ({@code wait}), until the test kills it.
 *
 * <p>Arguments: script, data directory, fence log file, milliseconds from now to the deadline, {@code stop|wait}.
 */
public final class FenceChild {
    private FenceChild() {
    }

    public static void main(String[] args) throws Exception {
        Fence fence = Fence.start(new FenceSpec(Path.of(args[0]), Path.of(args[1]),
                Redirect.appendTo(new File(args[2])), Duration.ofSeconds(30)));
        BootTime deadline = BootClock.system().now().plus(Duration.ofMillis(Long.parseLong(args[3])));
        fence.arm(deadline);
        System.out.println("armed " + deadline + " " + fence.pid());
        System.out.flush();
        if (args[4].equals("stop")) {
            new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
        }
        while (System.in.read() >= 0) {
            // held open by the test: this JVM lives until it is killed
        }
    }
}
