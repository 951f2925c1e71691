package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.render.TableOutput;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.pycompat.PyTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code query}: runs SQL on a member with {@code psql} (from {@code postgresql.bin_dir}, else the PATH) instead of a
 * driver, to keep JDBC off the CLI. Values come back as PostgreSQL's text (so JSON/YAML output has strings where
 * patronictl has numbers); NULL prints as {@code None} as in patronictl.
 */
@Command(name = "query", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl query demo -c 'SELECT now()'",
                "  jpatronictl query demo -r replica -U postgres -c 'SELECT 1'"},
        sortOptions = false, description = "Query a Patroni PostgreSQL member")
public final class QueryCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = "--format", defaultValue = "tsv", paramLabel = "TEXT",
            description = "Output format (pretty, tsv, json, yaml)")
    String format;

    @Option(names = {"-f", "--file"}, paramLabel = "FILENAME", description = "Execute the SQL commands from this file")
    Path file;

    @Option(names = "--password", description = "force password prompt")
    boolean password;

    @Option(names = {"-U", "--username"}, paramLabel = "TEXT", description = "database user name")
    String username;

    @Mixin
    Options.WatchOptions watch;

    @Option(names = {"-r", "--role"}, paramLabel = "ROLE", description = "The role of the query")
    String role;

    @Option(names = {"-m", "--member"}, paramLabel = "TEXT", description = "Query a specific member")
    String member;

    @Option(names = "--delimiter", defaultValue = "\t", paramLabel = "TEXT", description = "The column delimiter")
    String delimiter;

    @Option(names = {"-c", "--command"}, paramLabel = "TEXT", description = "The SQL commands to execute")
    String command;

    @Option(names = {"-d", "--dbname"}, paramLabel = "TEXT", description = "database name to connect to")
    String dbname;

    @Override
    void execute(CtlContext ctx) throws IOException, InterruptedException {
        if (member != null && role != null) {
            throw new CtlException("--role and --member are mutually exclusive options");
        }
        String r = member != null ? "any" : role == null ? "leader" : Roles.check(role);
        if (file != null && command != null) {
            throw new CtlException("--file and --command are mutually exclusive options");
        }
        if (file == null && command == null) {
            throw new CtlException("You need to specify either --command or --file");
        }
        Format f = Format.parse(format);
        if (f == null || f == Format.TOPOLOGY) {
            throw new CtlException("Unknown output format: " + format);
        }
        String pass = password ? readPassword(ctx) : null;
        String sql = file != null ? Files.readString(file, StandardCharsets.UTF_8) : command;
        String name = ctx.clusterName(clusterName);
        while (true) {
            Cluster cluster = ctx.store(name).read();
            Psql.Result result = Roles.members(cluster, r).stream()
                    .filter(m -> member == null || m.name().equals(member)).findFirst()
                    .map(m -> Psql.run(Psql.binary(ctx.config().postgresql().binDir()), m, sql, username, pass,
                            dbname))
                    .orElseGet(() -> Psql.Result.message(PyTime.timestamp(LocalDateTime.now(), 0),
                            member != null ? "No connection to member " + member + " is available"
                                    : "No connection to role=" + r + " is available"));
            List<List<Object>> rows = new ArrayList<>();
            result.rows().forEach(row -> rows.add(new ArrayList<>(row)));
            ctx.out().println(TableOutput.render(result.header(), rows, Map.of(), f, null, delimiter));
            ctx.out().flush();
            if (watch.interval() <= 0) {
                return;
            }
            Thread.sleep((long) (watch.interval() * 1000));
        }
    }

    private static String readPassword(CtlContext ctx) {
        java.io.Console console = System.console();
        if (console != null) {
            char[] p = console.readPassword("Password: ");
            if (p == null) {
                throw new io.jpatroni.ctl.Aborted();
            }
            return new String(p);
        }
        return ctx.prompter().prompt("Password", java.util.Optional.empty());
    }
}
