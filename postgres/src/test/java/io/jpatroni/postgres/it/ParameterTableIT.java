package io.jpatroni.postgres.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterRule;
import io.jpatroni.postgres.param.ParameterTable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built-in table's PostgreSQL 15 rows say what the installed postgres 15 binary says of each parameter. */
class ParameterTableIT {

    @Test
    void everyParameterThePostgres15BinaryDescribesHasTheSameRowInTheTable() throws Exception {
        assumeTrue(Files.isExecutable(PgNodes.BIN.resolve("postgres")), "no PostgreSQL binaries in " + PgNodes.BIN);
        Process p = new ProcessBuilder(PgNodes.BIN.resolve("postgres").toString(), "--describe-config").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(out.contains("max_connections"), "not PostgreSQL's --describe-config output");
        Process v = new ProcessBuilder(PgNodes.BIN.resolve("postgres").toString(), "-V").start();
        MajorVersion version = MajorVersion.ofVersionNum(io.jpatroni.postgres.process.VersionParser
                .parseVersionNum(new String(v.getInputStream().readAllBytes())));
        assumeTrue(version.equals(MajorVersion.parse("15")), "the table was generated from PostgreSQL 15");

        ParameterTable table = ParameterTable.builtIn();
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        for (String line : out.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length < 7) {
                continue;
            }
            rows++;
            var rule = table.rule(c[0], version);
            if (rule.isEmpty()) {
                mismatches.add(c[0] + ": missing");
                continue;
            }
            ParameterRule r = rule.get();
            String type = c[3].toLowerCase(Locale.ROOT).replace("boolean", "bool");
            if (!r.type().name().toLowerCase(Locale.ROOT).equals(type) || !r.context().equals(c[1])) {
                mismatches.add(c[0] + ": " + c[1] + "/" + type + " but the table says " + r.context() + "/"
                        + r.type());
            }
            if ((type.equals("integer") || type.equals("real"))
                    && (Double.parseDouble(c[5]) != Double.parseDouble(r.min())
                    || Double.parseDouble(c[6]) != Double.parseDouble(r.max()))) {
                mismatches.add(c[0] + ": range " + c[5] + ".." + c[6] + " but the table says " + r.min() + ".."
                        + r.max());
            }
        }
        assertThat(rows).isGreaterThan(250);
        assertThat(mismatches).isEmpty();
    }
}
