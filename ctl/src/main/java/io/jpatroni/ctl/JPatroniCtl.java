package io.jpatroni.ctl;

import io.jpatroni.ctl.command.DsnCommand;
import io.jpatroni.ctl.command.EditConfigCommand;
import io.jpatroni.ctl.command.FailoverCommand;
import io.jpatroni.ctl.command.FlushCommand;
import io.jpatroni.ctl.command.HistoryCommand;
import io.jpatroni.ctl.command.ListCommand;
import io.jpatroni.ctl.command.PauseCommand;
import io.jpatroni.ctl.command.QueryCommand;
import io.jpatroni.ctl.command.ReinitCommand;
import io.jpatroni.ctl.command.ReloadCommand;
import io.jpatroni.ctl.command.RemoveCommand;
import io.jpatroni.ctl.command.RestartCommand;
import io.jpatroni.ctl.command.ResumeCommand;
import io.jpatroni.ctl.command.ShowConfigCommand;
import io.jpatroni.ctl.command.SwitchoverCommand;
import io.jpatroni.ctl.command.TopologyCommand;
import io.jpatroni.ctl.command.VersionCommand;
import io.jpatroni.dcs.DcsUnavailableException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Root command of {@code jpatronictl}: the global options, the verbs, and how errors become exit codes. */
@Command(name = "jpatronictl", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Command-line interface to a Patroni-compatible cluster.",
        subcommands = {DsnCommand.class, EditConfigCommand.class, FailoverCommand.class, FlushCommand.class,
                HistoryCommand.class, ListCommand.class, PauseCommand.class, QueryCommand.class, ReinitCommand.class,
                ReloadCommand.class, RemoveCommand.class, RestartCommand.class, ResumeCommand.class,
                ShowConfigCommand.class, SwitchoverCommand.class, TopologyCommand.class, VersionCommand.class})
public final class JPatroniCtl implements Runnable {

    @Option(names = {"-c", "--config-file"}, description = "Configuration file", paramLabel = "TEXT")
    Path configFile;

    @Option(names = {"-d", "--dcs-url", "--dcs"}, description = "The DCS connect url", paramLabel = "TEXT")
    String dcsUrl;

    @Option(names = {"-k", "--insecure"}, description = "Allow connections to SSL sites without certs")
    boolean insecure;

    @Option(names = "--help", usageHelp = true, description = "Show this message and exit.")
    boolean help;

    private CtlContext context;

    public static void main(String[] args) {
        // grpc logs through java.util.logging at INFO; patronictl is silent unless something is wrong
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (Boolean.getBoolean("jpatronictl.cdsTraining")) {
            CdsTraining.run();
            System.exit(0);
        }
        JPatroniCtl root = new JPatroniCtl();
        int code;
        try {
            code = commandLine(root).execute(args);
        } finally {
            root.closeContext();
        }
        System.out.flush();
        System.exit(code);
    }

    static CommandLine commandLine(JPatroniCtl root) {
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CtlException || ex instanceof DcsUnavailableException
                    || ex instanceof java.io.IOException) {
                System.out.flush();
                root.context().err().println("Error: " + ex.getMessage());
                return ex instanceof CtlException c ? c.exitCode() : 1;
            }
            if (ex instanceof Aborted) {
                System.out.flush();
                root.context().err().println("Aborted!");
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    /** The shared context of this run, created on first use. */
    public CtlContext context() {
        if (context == null) {
            context = CtlContext.forSystem(Optional.ofNullable(configFile), Optional.ofNullable(dcsUrl), insecure);
        }
        return context;
    }

    /** For tests: a context with other streams. */
    public void useContext(CtlContext c) {
        this.context = c;
    }

    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
