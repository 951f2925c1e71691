package io.jpatroni.ctl;

import io.jpatroni.ctl.command.DemoteClusterCommand;
import io.jpatroni.ctl.command.DsnCommand;
import io.jpatroni.ctl.command.EditConfigCommand;
import io.jpatroni.ctl.command.FailoverCommand;
import io.jpatroni.ctl.command.FlushCommand;
import io.jpatroni.ctl.command.HistoryCommand;
import io.jpatroni.ctl.command.ListCommand;
import io.jpatroni.ctl.command.PauseCommand;
import io.jpatroni.ctl.command.PromoteClusterCommand;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Root command of {@code jpatronictl}: the global options, the verbs, and how errors become exit codes. */
@Command(name = "jpatronictl", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Command-line interface to a Patroni-compatible cluster.")
public final class JPatroniCtl implements Runnable {
    /**
     * The verbs, by the name their {@code @Command} gives (JPatroniCtlTest checks), in the order of the usage text.
     * Picocli builds the model of every subcommand it is given by reflection, a third of a short command's start:
     * a run that names its verb gets that one only.
     */
    static final Map<String, Class<?>> VERBS = verbs(DemoteClusterCommand.class, DsnCommand.class,
            EditConfigCommand.class, FailoverCommand.class, FlushCommand.class, HistoryCommand.class, ListCommand.class,
            PauseCommand.class, PromoteClusterCommand.class, QueryCommand.class, ReinitCommand.class,
            ReloadCommand.class, RemoveCommand.class, RestartCommand.class, ResumeCommand.class, ShowConfigCommand.class, SwitchoverCommand.class, TopologyCommand.class, VersionCommand.class);

    /** The global options that take a value (the verb is the first argument that is neither one nor its value). */
    private static final Set<String> WITH_VALUE = Set.of("-c", "--config-file", "-d", "--dcs-url", "--dcs");

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
        if (Boolean.getBoolean("jpatronictl.cdsTraining")) {
            CdsTraining.run();
            System.exit(0);
        }
        JPatroniCtl root = new JPatroniCtl();
        int code;
        try {
            code = commandLine(root, args).execute(args);
        } finally {
            root.closeContext();
        }
        System.out.flush();
        System.exit(code);
    }

    /** The command line with every verb. */
    static CommandLine commandLine(JPatroniCtl root) {
        return commandLine(root, new String[0]);
    }

    /** The command line for {@code args}: with their verb alone when they name one, else with every verb. */
    static CommandLine commandLine(JPatroniCtl root, String[] args) {
        CommandLine cl = new CommandLine(root);
        Class<?> verb = verb(args).map(VERBS::get).orElse(null);
        if (verb != null) {
            cl.addSubcommand(new CommandLine(verb));
        } else {
            VERBS.values().forEach(c -> cl.addSubcommand(new CommandLine(c)));
        }
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

    /** The verb {@code args} name, if any: the first argument that is not a global option or an option's value. */
    static Optional<String> verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return Optional.of(a);
            } else if (a.equals("--")) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Map<String, Class<?>> verbs(Class<?>... classes) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            String simple = c.getSimpleName().replace("Command", "");
            m.put(simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT), c);
        }
        return m;
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
        commandLine(this).usage(System.out);
    }
}
