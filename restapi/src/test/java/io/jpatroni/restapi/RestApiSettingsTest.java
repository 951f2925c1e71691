package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RestApiSettingsTest {
    @Test
    void parsesListen() {
        assertThat(RestApiSettings.listen("127.0.0.1:8008")).extracting("host", "port").containsExactly("127.0.0.1", 8008);
        assertThat(RestApiSettings.listen(":8008").host()).isEqualTo("0.0.0.0");
        assertThat(RestApiSettings.listen("[::1]:8009")).extracting("host", "port").containsExactly("::1", 8009);
        assertThatThrownBy(() -> RestApiSettings.listen("abc")).hasMessageContaining("restapi.listen");
    }

    @Test
    void parsesVerifyClient() {
        assertThat(RestApiSettings.VerifyClient.parse(null)).isEqualTo(RestApiSettings.VerifyClient.NONE);
        assertThat(RestApiSettings.VerifyClient.parse("required")).isEqualTo(RestApiSettings.VerifyClient.REQUIRED);
        assertThat(RestApiSettings.VerifyClient.parse("optional")).isEqualTo(RestApiSettings.VerifyClient.OPTIONAL);
    }
}
