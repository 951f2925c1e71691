package io.jpatroni.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** logback's configuration in code: the service logback finds, Patroni's line on stdout, the libraries quiet. */
class DaemonLogConfiguratorTest {

    @Test
    void logbackFindsItAsItsConfigurator() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(DaemonLogConfigurator.class.getName());
    }

    @Test
    void patronisLineOnStdoutAndTheLibrariesQuiet() {
        LoggerContext ctx = new LoggerContext();
        DaemonLogConfigurator configurator = new DaemonLogConfigurator();
        configurator.setContext(ctx);

        // (the dcs test jar on this class path brings a logback-test.xml, which configure() would leave to logback)
        assertThat(configurator.configureInCode(ctx))
                .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        assertThat(ctx.getLogger("ROOT").getLevel()).isEqualTo(Level.INFO);
        assertThat(ctx.getLogger("io.grpc.netty.NettyClientHandler").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("io.netty.util.internal.MacAddressUtil").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(ctx.getLogger("org.apache.curator.framework").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(ctx.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("io.jpatroni.daemon.loop.HaLoop").getEffectiveLevel()).isEqualTo(Level.INFO);

        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        ctx.getLogger("ROOT").iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("STDOUT");
            assertThat(a.isStarted()).isTrue();
            var encoder = (LayoutWrappingEncoder<ILoggingEvent>) ((OutputStreamAppender<ILoggingEvent>) a).getEncoder();
            LoggingEvent e = new LoggingEvent("x", ctx.getLogger("io.jpatroni.daemon.loop.HaLoop"), Level.WARN,
                    "careful", null, null);
            assertThat(encoder.getLayout().doLayout(e)).matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} WARNING: careful\n");
        });
    }
}
