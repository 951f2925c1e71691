package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.render.TableOutput.Format;
import picocli.CommandLine.Option;

/** Option groups shared by several verbs, as picocli mixins. */
final class Options {
    private Options() {
    }

    static final class FormatOption {
        @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "TEXT",
                description = "Output format (pretty, tsv, json, yaml)")
        String format;

        Format format() {
            Format f = Format.parse(format);
            if (f == null || f == Format.TOPOLOGY) {
                throw CtlException.usage("Unknown output format: " + format);
            }
            return f;
        }
    }

    static final class WatchOptions {
        @Option(names = "-W", description = "Auto update the screen every 2 seconds")
        boolean everyTwo;

        @Option(names = {"-w", "--watch"}, paramLabel = "FLOAT", description = "Auto update the screen every X seconds")
        Double seconds;

        /** Seconds between refreshes, 0 when not watching. */
        double interval() {
            if (seconds != null && seconds > 0) {
                return seconds;
            }
            return everyTwo ? 2 : 0;
        }
    }

    static final class ForceOption {
        @Option(names = "--force", description = "Do not ask for confirmation at any point")
        boolean force;
    }
}
