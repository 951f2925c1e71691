package io.jpatroni.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgCtlTest {
    @TempDir
    Path tmp;

    private PostgresSettings settings() {
        return PostgresSettings.builder("pg0", "demo", tmp.resolve("data"), Path.of("/pg/bin")).build();
    }

    @Test
    void startPassesConfigFileAndOptionsQuotedForTheShell() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_ctl", 0, "server started", "");
        new PgCtl(settings(), runner).start(List.of("--port=5432", "--cluster_name=it's"), Duration.ofSeconds(7));
        Command cmd = runner.commands().get(0);
        assertThat(cmd.args()).containsExactly("/pg/bin/pg_ctl", "start", "-D", tmp.resolve("data").toString(),
                "-w", "-t", "7", "-l", tmp.resolve("data.log").toString(), "-o",
                "'--config-file=" + tmp.resolve("data/postgresql.conf") + "' '--port=5432' '--cluster_name=it'\\''s'");
        assertThat(cmd.timeout()).isGreaterThan(Duration.ofSeconds(7));
    }

    @Test
    void configDirHoldsTheConfigFileOfStartAndSingleUserRecovery() {
        Path etc = tmp.resolve("etc/15/main");
        PostgresSettings s = settings().toBuilder().configDir(etc).build();
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_ctl", 0, "", "").on("postgres", 0, "", "");
        PgCtl pgCtl = new PgCtl(s, runner);
        pgCtl.start(List.of(), Duration.ofSeconds(5));
        pgCtl.singleUserRecovery(Duration.ofSeconds(5));
        assertThat(runner.commands("pg_ctl").get(0).args()).last()
                .isEqualTo("'--config-file=" + etc.resolve("postgresql.conf") + "'");
        assertThat(runner.commands("postgres").get(0).args())
                .contains("config_file=" + etc.resolve("postgresql.conf"));
    }

    @Test
    void failedStartShowsExitCodeAndServerLogTail() throws Exception {
        Files.writeString(tmp.resolve("data.log"), "FATAL:  could not create lock file \"/x/.s.PGSQL.5432.lock\"\n");
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_ctl", 1, "", "pg_ctl: could not start server");
        assertThatThrownBy(() -> new PgCtl(settings(), runner).start(List.of(), Duration.ofSeconds(5)))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("starting PostgreSQL failed: `/pg/bin/pg_ctl start")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("pg_ctl: could not start server")
                .hasMessageContaining("could not create lock file");
    }

    @Test
    void timeoutIsReportedAsSuch() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_ctl", ProcessResult.TIMED_OUT, "", "");
        assertThatThrownBy(() -> new PgCtl(settings(), runner).promote(Duration.ofSeconds(3)))
                .hasMessageContaining("promoting PostgreSQL failed")
                .hasMessageContaining("timed out after 18s")
                .hasMessageContaining("(no output)");
    }

    @Test
    void stopAndPromoteCommandLines() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_ctl", 0, "", "");
        PgCtl pgCtl = new PgCtl(settings(), runner);
        pgCtl.stop(StopMode.SMART, Duration.ofSeconds(4));
        pgCtl.promote(Duration.ofSeconds(9));
        pgCtl.reload();
        assertThat(runner.commands()).extracting(c -> String.join(" ", c.args().subList(1, c.args().size())))
                .containsExactly("stop -D " + tmp.resolve("data") + " -m smart -w -t 4",
                        "promote -D " + tmp.resolve("data") + " -w -t 9",
                        "reload -D " + tmp.resolve("data"));
    }

    @Test
    void missingBinariesNameBinDir() {
        assertThatThrownBy(() -> PgCtl.checkBinDir(settings(), "pg_ctl"))
                .isInstanceOf(PostgresException.class)
                .hasMessage("bin_dir /pg/bin has no executable pg_ctl (looked for /pg/bin/pg_ctl)");
    }

    @Test
    void parsesVersion() {
        assertThat(VersionParser.parseVersionNum("postgres (PostgreSQL) 15.4 (Debian 15.4-2.pgdg120+1)"))
                .isEqualTo(150004);
        assertThat(VersionParser.parseVersionNum("postgres (PostgreSQL) 17.0")).isEqualTo(170000);
        assertThat(VersionParser.parseVersionNum("postgres (PostgreSQL) 9.6.24")).isEqualTo(90624);
        assertThatThrownBy(() -> VersionParser.parseVersionNum("bash: postgres: not found"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsCommandsLikeShlex() {
        assertThat(ShellWords.split("/bin/x --a='b c' \"d\\\"e\" f\\ g")).containsExactly("/bin/x", "--a=b c",
                "d\"e", "f g");
        assertThatThrownBy(() -> ShellWords.split("x 'y")).hasMessageContaining("unbalanced quote");
    }
}
