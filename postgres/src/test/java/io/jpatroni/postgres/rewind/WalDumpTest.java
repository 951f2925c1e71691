package io.jpatroni.postgres.rewind;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.TestResources;
import org.junit.jupiter.api.Test;

/** Output captured from PostgreSQL 15's pg_waldump on a cleanly shut down primary. */
class WalDumpTest {
    private static final String OUT = TestResources.read("pg15/waldump_checkpoint.stdout");
    private static final String ERR = TestResources.read("pg15/waldump_checkpoint.stderr");

    @Test
    void findsEndOfShutdownCheckpoint() {
        assertThat(WalDump.parseCheckpointEnd(OUT, ERR, Lsn.parse("0/30000A0"))).hasValue(Lsn.parse("0/3000118"));
    }

    @Test
    void postgres16WordingToo() {
        String err16 = "pg_waldump: error: error in WAL record at 0/30000A0: invalid record length at 0/3000118:"
                + " expected at least 24, got 0";
        assertThat(WalDump.parseCheckpointEnd(OUT, err16, Lsn.parse("0/30000A0"))).hasValue(Lsn.parse("0/3000118"));
    }

    @Test
    void otherRecordOrMoreOutputMeansUnknown() {
        assertThat(WalDump.parseCheckpointEnd(OUT, ERR, Lsn.parse("0/3000028"))).isEmpty();
        assertThat(WalDump.parseCheckpointEnd(OUT + OUT, ERR, Lsn.parse("0/30000A0"))).isEmpty();
        assertThat(WalDump.parseCheckpointEnd(OUT, "pg_waldump: error: could not find file", Lsn.parse("0/30000A0")))
                .isEmpty();
    }
}
