package io.jpatroni.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.process.FakeProcessRunner;
import io.jpatroni.postgres.process.PgCtl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ParameterSourceTest {
    @TempDir
    Path tmp;

    private ParameterSource source(FakeProcessRunner runner) {
        PostgresSettings s = PostgresSettings.builder("node1", "demo", tmp.resolve("data"), Path.of("/pg/bin")).build();
        return new ParameterSource(s, new PgCtl(s, runner));
    }

    @Test
    void beforeInitdbTheBinarySaysTheVersionThenPgVersionDoes() throws Exception {
        FakeProcessRunner runner = new FakeProcessRunner().on("postgres", 0, "postgres (PostgreSQL) 12.20\n", "");
        ParameterSource source = source(runner);
        assertThat(source.version()).isEqualTo(MajorVersion.parse("12"));
        assertThat(source.version()).isEqualTo(MajorVersion.parse("12"));
        assertThat(runner.commands("postgres")).hasSize(1); // asked once

        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/PG_VERSION"), "11\n");
        assertThat(source.version()).isEqualTo(MajorVersion.parse("11"));
    }

    @Test
    void parametersTheBinaryListsAreKeptAndAnUnreadableListLeavesTheTableAlone() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/PG_VERSION"), "15\n");
        FakeProcessRunner lists = new FakeProcessRunner()
                .on("postgres", 0, "vendor_knob\tsighup\tCustom\tBOOLEAN\t\t\t\tA vendor's parameter.\t\n", "");
        assertThat(source(lists).resolve(Map.of("vendor_knob", "on")).conf()).containsEntry("vendor_knob", "on");

        FakeProcessRunner broken = new FakeProcessRunner().on("postgres", 1, "", "postgres: not found");
        assertThat(source(broken).resolve(Map.of("vendor_knob", "on")).conf()).doesNotContainKey("vendor_knob");
    }

    @Test
    void eachAdjustmentIsLoggedOnceNotAtEveryWrite() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/PG_VERSION"), "15\n");
        ParameterSource source = source(new FakeProcessRunner().on("postgres", 0, "", ""));
        Logger log = (Logger) LoggerFactory.getLogger(ParameterSource.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            for (int cycle = 0; cycle < 5; cycle++) {
                source.resolve(Map.of("stats_temp_directory", "/run/x", "wal_keep_segments", "130"));
            }
            source.resolve(Map.of("stats_temp_directory", "/run/y"));
        } finally {
            log.detachAppender(events);
        }
        assertThat(events.list).extracting(e -> e.getLevel().toString() + " " + e.getFormattedMessage())
                .containsExactly(
                        "INFO PostgreSQL parameter wal_keep_segments = '130' is written as wal_keep_size = '2080MB':"
                                + " PostgreSQL 13 replaced it with wal_keep_size (16 MB segments)",
                        "WARN PostgreSQL parameter stats_temp_directory = '/run/x' is not written: PostgreSQL 15 has"
                                + " no such parameter (removed in 15)",
                        "WARN PostgreSQL parameter stats_temp_directory = '/run/y' is not written: PostgreSQL 15 has"
                                + " no such parameter (removed in 15)");
    }
}
