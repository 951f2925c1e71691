package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import picocli.CommandLine.Command;

@Command(name = "restart")
public final class RestartCommand extends CtlCommand {
    @Override
    void execute(CtlContext ctx) {
        throw new CtlException("not implemented yet");
    }
}
