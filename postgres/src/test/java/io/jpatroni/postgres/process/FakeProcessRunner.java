package io.jpatroni.postgres.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Scripted {@link ProcessRunner}: answers per program name, records every command it was asked to run. */
public final class FakeProcessRunner implements ProcessRunner {
    private final Map<String, Deque<Function<Command, ProcessResult>>> scripts = new HashMap<>();
    private final List<Command> commands = new ArrayList<>();

    /** Queue an answer for the next call of {@code program}; the last answer repeats. */
    public FakeProcessRunner on(String program, Function<Command, ProcessResult> answer) {
        scripts.computeIfAbsent(program, p -> new ArrayDeque<>()).addLast(answer);
        return this;
    }

    public FakeProcessRunner on(String program, int exitCode, String stdout, String stderr) {
        return on(program, c -> new ProcessResult(exitCode, stdout, stderr));
    }

    @Override
    public synchronized ProcessResult run(Command command) {
        commands.add(command);
        Deque<Function<Command, ProcessResult>> q = scripts.get(command.program());
        if (q == null || q.isEmpty()) {
            throw new AssertionError("unexpected command: " + command.display());
        }
        Function<Command, ProcessResult> answer = q.size() > 1 ? q.pollFirst() : q.peekFirst();
        return answer.apply(command);
    }

    public List<Command> commands() {
        return List.copyOf(commands);
    }

    public List<Command> commands(String program) {
        return commands.stream().filter(c -> c.program().equals(program)).toList();
    }
}
