package io.jpatroni.watchdog.fence;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shared pieces of the fence tests: the script, its log, the boot clock. */
public final class FenceTesting {
    public static final Path SCRIPT = Path.of(System.getProperty("jpatroni.fence.script", "../bin/jpatroni-fence"));
    public static final BootClock CLOCK = BootClock.system();
    /** Generous: the build machine's two cores are shared. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern LINE = Pattern.compile("jpatroni-fence\\[(\\d+)] (\\d+\\.\\d\\d) (.*)");

    private FenceTesting() {
    }

    /** Waits until the boot clock has passed {@code t}. */
    public static void awaitBootClock(BootTime t) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> t.isBefore(CLOCK.now()));
    }

    /** One line of the fence's log: who wrote it, when by its boot clock, and what. */
    public record LogLine(long pid, BootTime at, String text) {
    }

    public static List<LogLine> log(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(LINE::matcher).filter(Matcher::matches)
                .map(m -> new LogLine(Long.parseLong(m.group(1)), BootTime.parse(m.group(2)), m.group(3)))
                .collect(Collectors.toList());
    }

    /** The first line of the log whose text contains {@code fragment}, once it is there. */
    public static LogLine awaitLogLine(Path file, String fragment) {
        return awaitLogLine(file, text -> text.contains(fragment));
    }

    public static LogLine awaitLogLine(Path file, Predicate<String> text) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> log(file).stream().filter(l -> text.test(l.text())).findFirst(), Optional::isPresent)
                .orElseThrow();
    }
}
