package io.jpatroni.watchdog.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FenceProtocolTest {

    @Test
    void commands() {
        assertThat(FenceProtocol.arm(BootTime.parse("1025.5"))).isEqualTo("arm 1025.50");
        assertThat(FenceProtocol.DISARM).isEqualTo("disarm");
        assertThat(FenceProtocol.STATUS).isEqualTo("status");
    }

    @Test
    void answers() throws Exception {
        assertThat(FenceProtocol.parseAck("armed 1025.50 1000.31")).isEqualTo(
                new FenceAck(FenceAck.State.ARMED, Optional.of(BootTime.parse("1025.50")), BootTime.parse("1000.31")));
        assertThat(FenceProtocol.parseAck("expired 1025.50 1025.61")).isEqualTo(
                new FenceAck(FenceAck.State.EXPIRED, Optional.of(BootTime.parse("1025.50")), BootTime.parse("1025.61")));
        assertThat(FenceProtocol.parseAck("disarmed 1000.00")).isEqualTo(
                new FenceAck(FenceAck.State.DISARMED, Optional.empty(), BootTime.parse("1000.00")));
        assertThat(FenceProtocol.parseReady("ready 4242 1000.00")).isEqualTo(4242);
    }

    @Test
    void refusalsAndGarbageThrow() {
        assertThatThrownBy(() -> FenceProtocol.parseAck("error bad deadline: 12x"))
                .hasMessage("the fence refused the command: bad deadline: 12x");
        assertThatThrownBy(() -> FenceProtocol.parseAck("armed 1025.50")).isInstanceOf(FenceException.class);
        assertThatThrownBy(() -> FenceProtocol.parseAck("disarmed")).isInstanceOf(FenceException.class);
        assertThatThrownBy(() -> FenceProtocol.parseAck("hello")).isInstanceOf(FenceException.class);
        assertThatThrownBy(() -> FenceProtocol.parseReady("armed 1 2")).isInstanceOf(FenceException.class);
        assertThatThrownBy(() -> FenceProtocol.parseReady("ready x 2.00")).isInstanceOf(FenceException.class);
    }

    @Test
    void anOrphanIsRecognizedByItsCommandLine() {
        String[] fence = {"/work/jpatroni/bin/jpatroni-fence", "/var/lib/postgresql/15/main"};

        assertThat(OrphanFences.isFenceOf(fence, "/var/lib/postgresql/15/main")).isTrue();
        assertThat(OrphanFences.isFenceOf(fence, "/var/lib/postgresql/15/other")).isFalse();
        assertThat(OrphanFences.isFenceOf(new String[] {"jpatroni-fence"}, "/var/lib/postgresql/15/main")).isFalse();
        assertThat(OrphanFences.isFenceOf(new String[] {"/usr/bin/sleep", "/var/lib/postgresql/15/main"},
                "/var/lib/postgresql/15/main")).isFalse();
    }
}
