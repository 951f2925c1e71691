package io.jpatroni.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.TestResources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PostmasterPidTest {
    @Test
    void parsesCapturedFile() {
        PostmasterPid pid = PostmasterPid.parse(TestResources.read("pg15/postmaster.pid"));
        assertThat(pid.pid()).isEqualTo(4231);
        assertThat(pid.dataDir()).isEqualTo(Path.of("/tmp/cap/d"));
        assertThat(pid.startEpochSeconds()).isEqualTo(1795314820L);
        assertThat(pid.port()).hasValue(54999);
        assertThat(pid.socketDir()).hasValue("/var/run/postgresql");
        assertThat(pid.listenAddress()).isEmpty();
        assertThat(pid.status()).hasValue("ready");
    }

    @Test
    void rejectsTruncatedFile() {
        assertThatThrownBy(() -> PostmasterPid.parse("4231\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostmasterPid.parse("x\n/d\n1\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
