package io.jpatroni.ctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrettyTableTest {

    /** Right: Python's {@code wcwidth.wcswidth} 0.2.5, which prettytable measures cells with. */
    @Test
    void cellsMeasuredAsTerminalColumns() {
        assertThat(PrettyTable.width("日本")).isEqualTo(4);
        assertThat(PrettyTable.width("e\u0301x")).isEqualTo(2);
        assertThat(PrettyTable.width("snow ☃ clef 𝄞")).isEqualTo(13);
        assertThat(PrettyTable.width("한국어")).isEqualTo(6);
        assertThat(PrettyTable.width("ａｂ")).isEqualTo(4);
        assertThat(PrettyTable.width("😀")).isEqualTo(2);
        assertThat(PrettyTable.width("Zürich")).isEqualTo(6);
    }
}
