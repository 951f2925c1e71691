package io.jpatroni.postgres.rewind;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.ProcessResult;
import io.jpatroni.postgres.process.ProcessRunner;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where a former primary's shutdown checkpoint record ends, by asking pg_waldump for two records from
 * the checkpoint: it prints the checkpoint and fails on the next one, naming its position. If that position is
 * the new leader's switch point, the old primary has nothing the new one lacks and needs no rewind.
 */
public final class WalDump {
    private static final Logger LOG = LoggerFactory.getLogger(WalDump.class);

    private WalDump() {
    }

    public static OptionalLong checkpointEnd(PostgresSettings settings, ProcessRunner runner, int timeline,
                                             long lsn) {
        Command cmd = Command.of(Duration.ofSeconds(30), List.of(settings.bin("pg_waldump").toString(),
                "-p", settings.dataDir().resolve("pg_wal").toString(), "-t", Integer.toString(timeline),
                "-s", Lsn.format(lsn), "-n", "2"));
        ProcessResult r = runner.run(cmd);
        OptionalLong end = parseCheckpointEnd(r.stdoutTail(), r.stderrTail(), lsn);
        if (end.isEmpty()) {
            LOG.warn("could not find the end of the checkpoint at {} with pg_waldump: {}", Lsn.format(lsn),
                    r.outputTail());
        }
        return end;
    }

    /** Pure: stdout must show exactly the checkpoint record, stderr the failure at the next record. */
    public static OptionalLong parseCheckpointEnd(String stdout, String stderr, long lsn) {
        List<String> out = stdout.strip().lines().toList();
        List<String> err = stderr.strip().lines().toList();
        String padded = String.format("%X/%08X", lsn >>> 32, lsn & 0xFFFFFFFFL);
        String marker = "error in WAL record at " + Lsn.format(lsn) + ": invalid record length at ";
        if (out.size() != 1 || err.size() != 1 || !out.get(0).contains(", lsn: " + padded + ", prev ")) {
            return OptionalLong.empty();
        }
        int i = err.get(0).indexOf(marker);
        if (i < 0) {
            return OptionalLong.empty();
        }
        String rest = err.get(0).substring(i + marker.length());
        int j = rest.indexOf(':');
        try {
            return OptionalLong.of(Lsn.parse(j < 0 ? rest : rest.substring(0, j)));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
