package io.jpatroni.postgres.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ProcessRunner} over {@link ProcessBuilder}: stdin closed, both streams drained, tails kept. */
public final class SystemProcessRunner implements ProcessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SystemProcessRunner.class);

    private final java.util.Set<Process> cancellable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<Process> cancelled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void cancel() {
        for (Process p : cancellable) {
            LOG.info("cancelling {}", p.info().command().orElse("pid " + p.pid()));
            cancelled.add(p);
            terminate(p);
        }
    }

    private static void terminate(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ProcessResult run(Command command) {
        ProcessBuilder pb = new ProcessBuilder(command.args());
        pb.environment().putAll(command.env());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        command.workDir().ifPresent(d -> pb.directory(d.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        LOG.debug("running {}", command.display());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ProcessFailedException("cannot start " + command.program(), command, e);
        }
        if (command.cancellable()) {
            cancellable.add(process);
        }
        Tail out = new Tail(process.getInputStream(), command, "stdout");
        Tail err = new Tail(process.getErrorStream(), command, "stderr");
        out.start();
        err.start();
        try {
            boolean finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                LOG.warn("{} did not finish within {}s, terminating it", command.program(),
                        command.timeout().toSeconds());
                terminate(process);
            }
            out.join(2000);
            err.join(2000);
            int code = cancelled.contains(process) ? ProcessResult.CANCELLED
                    : finished ? process.exitValue() : ProcessResult.TIMED_OUT;
            return new ProcessResult(code, out.text(), err.text());
        } catch (InterruptedException e) {
            terminate(process);
            Thread.currentThread().interrupt();
            throw new ProcessFailedException("interrupted while running " + command.program(), command, e);
        } finally {
            cancellable.remove(process);
            cancelled.remove(process);
        }
    }

    /** Drains one stream, keeping the last lines; splits on CR too so progress lines show up. */
    private static final class Tail extends Thread {
        private final InputStream in;
        private final Command command;
        private final Deque<String> lines = new ArrayDeque<>();
        private long lastLogged;

        Tail(InputStream in, Command command, String name) {
            super(command.program() + "-" + name);
            setDaemon(true);
            this.in = in;
            this.command = command;
        }

        @Override
        public void run() {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = r.read()) != -1) {
                    if (c == '\n' || c == '\r') {
                        add(line.toString(), c == '\r');
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
                add(line.toString(), false);
            } catch (IOException e) {
                LOG.debug("reading output of {} failed: {}", command.program(), e.toString());
            }
        }

        private synchronized void add(String line, boolean progress) {
            if (line.isBlank()) {
                return;
            }
            if (command.logOutput()) {
                long now = System.nanoTime();
                // progress lines (ended by CR) arrive every second or so: log one every 5s
                if (!progress || now - lastLogged > TimeUnit.SECONDS.toNanos(5)) {
                    LOG.info("{}: {}", command.program(), line.startsWith(command.program() + ": ")
                            ? line.substring(command.program().length() + 2) : line);
                    lastLogged = now;
                }
            }
            if (progress && !lines.isEmpty() && lines.peekLast().startsWith("\r")) {
                lines.pollLast();
            }
            lines.addLast(progress ? "\r" + line : line);
            while (lines.size() > command.tailLines()) {
                lines.pollFirst();
            }
        }

        synchronized String text() {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l.startsWith("\r") ? l.substring(1) : l).append('\n');
            }
            return sb.toString();
        }
    }
}
