package io.jpatroni.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PostgresStateTest {
    @Test
    void keepsPatroniWordingAndIndexes() {
        assertThat(Arrays.stream(PostgresState.values()).map(s -> s.index() + ":" + s.patroniName())).containsExactly(
                "0:initializing new cluster", "1:initdb failed", "2:running custom bootstrap script",
                "3:custom bootstrap failed", "4:creating replica", "5:running", "6:starting",
                "7:starting after custom bootstrap", "8:start failed", "9:restarting", "10:restart failed",
                "11:stopping", "12:stopped", "13:stop failed", "14:crashed");
    }
}
