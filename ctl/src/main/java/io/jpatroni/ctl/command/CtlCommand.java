package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.JPatroniCtl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Base of every verb: reaches the root command's shared {@link CtlContext}. */
abstract class CtlCommand implements Callable<Integer> {
    @ParentCommand
    JPatroniCtl root;

    @Option(names = "--help", usageHelp = true, description = "Show this message and exit.")
    boolean help;

    CtlContext ctx() {
        return root.context();
    }

    @Override
    public final Integer call() throws Exception {
        execute(ctx());
        return 0;
    }

    abstract void execute(CtlContext ctx) throws Exception;
}
