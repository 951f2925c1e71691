package io.jpatroni.watchdog.fence;

import java.util.Optional;

/** The lines jpatroni writes to {@code jpatroni-fence} and reads back (the script's header documents them). */
final class FenceProtocol {
    static final String DISARM = "disarm";
    static final String STATUS = "status";

    private FenceProtocol() {
    }

    static String arm(BootTime deadline) {
        return "arm " + deadline;
    }

    /** The process id in the fence's first line, {@code ready PID NOW}. */
    static long parseReady(String line) throws FenceException {
        String[] words = words(line);
        if (words.length != 3 || !words[0].equals("ready")) {
            throw new FenceException("unexpected first line from the fence: " + line);
        }
        try {
            BootTime.parse(words[2]);
            return Long.parseLong(words[1]);
        } catch (IllegalArgumentException e) {
            throw new FenceException("unexpected first line from the fence: " + line, e);
        }
    }

    /** An answer line; {@code error …} and anything unexpected throw. */
    static FenceAck parseAck(String line) throws FenceException {
        String[] words = words(line);
        if (words[0].equals("error")) {
            throw new FenceException("the fence refused the command: " + line.substring("error".length()).trim());
        }
        try {
            return switch (words[0]) {
                case "armed", "expired" -> {
                    expect(words, 3, line);
                    yield new FenceAck(words[0].equals("armed") ? FenceAck.State.ARMED : FenceAck.State.EXPIRED,
                            Optional.of(BootTime.parse(words[1])), BootTime.parse(words[2]));
                }
                case "disarmed" -> {
                    expect(words, 2, line);
                    yield new FenceAck(FenceAck.State.DISARMED, Optional.empty(), BootTime.parse(words[1]));
                }
                default -> throw new IllegalArgumentException("unknown answer");
            };
        } catch (IllegalArgumentException e) {
            throw new FenceException("unexpected answer from the fence: " + line, e);
        }
    }

    private static void expect(String[] words, int count, String line) {
        if (words.length != count) {
            throw new IllegalArgumentException(line);
        }
    }

    private static String[] words(String line) {
        return line.trim().split("\\s+");
    }
}
