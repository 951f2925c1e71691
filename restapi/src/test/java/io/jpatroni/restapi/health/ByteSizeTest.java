package io.jpatroni.restapi.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0,0", "1048576,1048576", "16kB,16384", "64MB,67108864", "1GB,1073741824", "1TB,1099511627776",
        "10B,10", "' 5 MB ',5242880", "-1,-1"})
    void parses(String text, long bytes) {
        assertThat(ByteSize.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource({"''", "MB", "1mb", "1kb", "1.5MB", "abc", "99999999999999999999", "9999999999TB"})
    void rejects(String text) {
        assertThat(ByteSize.parse(text)).isEqualTo(OptionalLong.empty());
    }
}
