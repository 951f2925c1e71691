package io.jpatroni.daemon.callbacks;

import io.jpatroni.postgres.process.ShellWords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code postgresql.callbacks} scripts as Patroni's CallbackExecutor does: {@code script action role scope},
 * asynchronously, in the daemon's working directory and environment, one at a time: a new callback kills the one
 * still running (with its children). {@code on_reload} has a slot of its own, so a reload only kills an older
 * reload. The script's output goes to the log, line by line.
 */
public final class CallbackRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackRunner.class);

    private final Map<CallbackAction, String> scripts;
    private final String scope;
    private final Optional<Path> workingDirectory;
    private final Slot main = new Slot();
    private final Slot reload = new Slot();

    /**
     * @param scripts          the configured command line of each action (absent: nothing runs)
     * @param workingDirectory where the scripts run; empty: the daemon's own working directory, as in Patroni
     */
    public CallbackRunner(Map<CallbackAction, String> scripts, String scope, Optional<Path> workingDirectory) {
        this.scripts = scripts.isEmpty() ? Map.of() : new EnumMap<>(scripts);
        this.scope = scope;
        this.workingDirectory = workingDirectory;
    }

    public static CallbackRunner none(String scope) {
        return new CallbackRunner(Map.of(), scope, Optional.empty());
    }

    /** The command line Patroni builds for {@code action}: the script's words, then action, role and scope. */
    public Optional<List<String>> command(CallbackAction action, String role) {
        String script = scripts.get(action);
        if (script == null || script.isBlank()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(ShellWords.split(script));
        cmd.add(action.word());
        cmd.add(role);
        cmd.add(scope);
        return Optional.of(cmd);
    }

    /** Starts {@code action}'s script for {@code role} without waiting for it; returns the process if one started. */
    public Optional<Process> call(CallbackAction action, String role) {
        Optional<List<String>> cmd = command(action, role);
        if (cmd.isEmpty()) {
            return Optional.empty();
        }
        try {
            return (action == CallbackAction.ON_RELOAD ? reload : main).replace(cmd.get());
        } catch (RuntimeException e) {
            LOG.error("callback {} {} {} {} failed: {}", cmd.get(), action.word(), role, scope, e.toString());
            return Optional.empty();
        }
    }

    /** The daemon is stopping: a callback still running may finish on its own, as Patroni's would. */
    public void close() {
    }

    /** One running callback at most; a new one kills the old one and its children first. */
    private final class Slot {
        private Process process;
        private List<String> processCmd;

        synchronized Optional<Process> replace(List<String> cmd) {
            kill();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            workingDirectory.ifPresent(d -> pb.directory(d.toFile()));
            try {
                process = pb.start();
            } catch (IOException e) {
                LOG.error("Failed to execute {}: {}", cmd, e.getMessage());
                process = null;
                return Optional.empty();
            }
            processCmd = List.copyOf(cmd);
            Process started = process;
            Thread reader = new Thread(() -> drain(started, cmd), "callback-" + cmd.get(cmd.size() - 3));
            reader.setDaemon(true);
            reader.start();
            return Optional.of(started);
        }

        private void kill() {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            LOG.warn("Killed {} because it was still running", processCmd);
            children.forEach(ProcessHandle::destroyForcibly);
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void drain(Process p, List<String> cmd) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                LOG.info("{}: {}", cmd.get(cmd.size() - 3), line);
            }
        } catch (IOException e) {
            LOG.debug("reading the output of {}: {}", cmd, e.toString());
        }
        try {
            int code = p.waitFor();
            if (code != 0) {
                LOG.info("callback {} exited with {}", cmd, code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
