package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class CtlLoggingTest {

    @Test
    void slf4jUsesThisBackend() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(CtlLogging.Loggers.class);
    }

    @Test
    void linesAreWrittenAsPythonsLoggingWritesThem() {
        assertThat(CtlLogging.line(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 7_000_000), Level.WARN, "Listing members",
                null)).isEqualTo("2024-01-02 03:04:05,007 - WARNING - Listing members" + System.lineSeparator());
        assertThat(CtlLogging.line(LocalDateTime.of(2024, 11, 12, 13, 14, 15, 123_000_000), Level.ERROR, "x",
                new IllegalStateException("boom"))).startsWith("2024-11-12 13:14:15,123 - ERROR - x"
                + System.lineSeparator() + "java.lang.IllegalStateException: boom");
    }

    @Test
    void warningsByDefaultLoglevelForMoreZooKeeperSilent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CtlLogging.Loggers quiet = new CtlLogging.Loggers(Map.of(), out);
        quiet.getLogger("jpatronictl").info("not shown");
        quiet.getLogger("jpatronictl").warn("shown {}", 1);
        quiet.getLogger("org.apache.zookeeper.ClientCnxn").error("not shown either");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith(" - WARNING - shown 1" + System.lineSeparator())
                .doesNotContain("not shown");
        CtlLogging.Loggers debug = new CtlLogging.Loggers(Map.of("LOGLEVEL", "DEBUG", "ZOOKEEPER_LOGLEVEL", "warning"),
                out);
        assertThat(debug.getLogger("jpatronictl").isDebugEnabled()).isTrue();
        assertThat(debug.getLogger("org.apache.curator.x").isWarnEnabled()).isTrue();
        assertThat(debug.getLogger("org.apache.curator.x").isInfoEnabled()).isFalse();
        assertThat(new CtlLogging.Loggers(Map.of("LOGLEVEL", "off"), out).getLogger("a").isErrorEnabled()).isFalse();
    }
}
