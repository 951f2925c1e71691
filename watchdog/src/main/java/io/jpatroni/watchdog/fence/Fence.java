package io.jpatroni.watchdog.fence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code jpatroni-fence} process: a separate process, so that a frozen or stalled JVM does not freeze
 * it. Commands are written to its stdin and each waits for its one-line answer; a reader thread takes the answers
 * off its stdout. Thread-safe.
 */
public final class Fence implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final Path dataDir;
    private final FenceSpec spec;
    private final OutputStream commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private Fence(Process process, Path dataDir, FenceSpec spec) {
        this.process = process;
        this.dataDir = dataDir;
        this.spec = spec;
        this.commands = process.getOutputStream();
    }

    /** Starts the fence of {@code spec.dataDir()}, disarmed, and waits for its {@code ready} line. */
    public static Fence start(FenceSpec spec) throws FenceException {
        Path dataDir;
        Process process;
        try {
            dataDir = spec.dataDir().toRealPath();
            process = CleanStart.start(new ProcessBuilder(List.of("/bin/sh", spec.script().toString(), dataDir.toString()))
                    .redirectError(spec.log()));
        } catch (IOException e) {
            throw new FenceException("cannot start " + spec.script() + " for " + spec.dataDir() + ": " + e.getMessage(), e);
        }
        Fence fence = new Fence(process, dataDir, spec);
        Thread reader = new Thread(fence::readAnswers, "jpatroni-fence-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        String first;
        try {
            first = fence.nextAnswer("start");
        } catch (FenceException e) {
            process.destroyForcibly();
            throw new FenceException("the fence for " + dataDir + " did not start (its log says why): "
                    + e.getMessage(), e);
        }
        long pid = FenceProtocol.parseReady(first);
        if (pid != process.pid()) {
            fence.process.destroyForcibly();
            throw new FenceException("the fence says it is pid " + pid + ", not " + process.pid());
        }
        return fence;
    }

    /** Stop PostgreSQL when the boot clock passes {@code deadline}, unless re-armed or disarmed before. */
    public FenceAck arm(BootTime deadline) throws FenceException {
        return send(FenceProtocol.arm(deadline));
    }

    public FenceAck disarm() throws FenceException {
        return send(FenceProtocol.DISARM);
    }

    public FenceAck status() throws FenceException {
        return send(FenceProtocol.STATUS);
    }

    public long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Disarms, ends the input and waits for the exit: a clean daemon shutdown. */
    @Override
    public void close() {
        try {
            disarm();
        } catch (FenceException e) {
            // ending the input is enough for a fence that did not answer: SIGTERM below if it lingers
        }
        endInput();
        awaitExit();
    }

    /**
     * Ends the input without disarming: an armed fence stops PostgreSQL when its deadline passes, then exits (the
     * daemon leaves while PostgreSQL may still run as primary under a lock it no longer renews).
     */
    public void abandon() {
        endInput();
    }

    /** SIGTERM: the fence drops its deadline (its timer child too) and exits; for a fence that stopped answering. */
    public void retire() {
        process.destroy();
        awaitExit();
    }

    private synchronized FenceAck send(String command) throws FenceException {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            throw new FenceException("cannot write to the fence (pid " + pid() + "): " + e.getMessage(), e);
        }
        return FenceProtocol.parseAck(nextAnswer(command));
    }

    private String nextAnswer(String command) throws FenceException {
        String line;
        try {
            line = answers.poll(spec.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FenceException("interrupted while waiting for the fence to answer " + command, e);
        }
        if (line == null) {
            throw new FenceException("the fence (pid " + pid() + ") did not answer " + command + " within "
                    + spec.answerTimeout().toMillis() + " ms");
        }
        if (line.equals(END)) {
            answers.add(END);
            throw new FenceException("the fence (pid " + pid() + ") has exited");
        }
        return line;
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answers.add(line);
            }
        } catch (IOException e) {
            // the process is gone: END below
        }
        answers.add(END);
    }

    private void endInput() {
        try {
            commands.close();
        } catch (IOException e) {
            // already closed: the process has ended its side
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(spec.answerTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();   // SIGTERM: the fence drops its deadline and exits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
