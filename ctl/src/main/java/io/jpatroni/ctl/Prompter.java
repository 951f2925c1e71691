package io.jpatroni.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Click's {@code prompt} and {@code confirm}: the question is written to stdout without a newline, an empty answer
 * takes the default, end of input aborts.
 */
public final class Prompter {
    private final BufferedReader in;
    private final PrintStream out;

    public Prompter(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** {@code text [default]: }; without a default, asks again until the answer is not empty. */
    public String prompt(String text, Optional<String> defaultValue) {
        String question = text + defaultValue.map(d -> " [" + d + "]").orElse("") + ": ";
        while (true) {
            String answer = ask(question);
            if (!answer.isEmpty()) {
                return answer;
            }
            if (defaultValue.isPresent()) {
                return defaultValue.get();
            }
        }
    }

    /** {@code text [y/N]: } (default no); asks again after anything but y, yes, n, no or nothing. */
    public boolean confirm(String text) {
        while (true) {
            String answer = ask(text + " [y/N]: ").strip().toLowerCase(Locale.ROOT);
            switch (answer) {
                case "y", "yes" -> {
                    return true;
                }
                case "n", "no", "" -> {
                    return false;
                }
                default -> out.println("Error: invalid input");
            }
        }
    }

    private String ask(String question) {
        out.print(question);
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) {
                throw new Aborted();
            }
            return line;
        } catch (IOException e) {
            throw new Aborted();
        }
    }
}
