package io.jpatroni.pycompat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PyJsonTest {

    /** The tags of the captured member, built by hand: the escapes come from PyJson, not from a parser. */
    private static Map<String, Object> tags() {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("city", "Zürich");
        tags.put("note", "snow ☃ clef 𝄞");
        tags.put("esc", "tab\there \"q\" back\\slash del\u007f nul\u0001 / slash");
        tags.put("small", 0.00001);
        tags.put("big", 1.0e20);
        tags.put("ratio", 2.5);
        tags.put("huge", new BigInteger("12345678901234567890"));
        return tags;
    }

    @Test
    void memberValueAsPatroniWritesItIntoTheDcs() {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("conn_url", "postgres://127.0.0.1:25732/postgres");
        member.put("api_url", "http://127.0.0.1:28708/patroni");
        member.put("state", "running");
        member.put("role", "master");
        member.put("version", "3.0.2");
        member.put("tags", tags());
        member.put("xlog_location", 22028440L);
        member.put("timeline", 1);
        assertThat(PyJson.compact(member)).isEqualTo(Captured.text("dcs_member_node1.value"));
    }

    @Test
    void tagsAsPatroniAnswersThemOverRest() {
        String body = Captured.text("GET_patroni.body");
        assertThat(body).contains("\"tags\": " + PyJson.dumps(tags()) + ", ");
    }

    @Test
    void stringsEscapedAsEnsureAscii() {
        assertThat(PyJson.quote("Zürich ☃ 𝄞")).isEqualTo("\"Z\\u00fcrich \\u2603 \\ud834\\udd1e\"");
        assertThat(PyJson.quote("\b\f\n\r\t\"\\/\u0000\u001f\u007f\u0080\u2028~ "))
                .isEqualTo("\"\\b\\f\\n\\r\\t\\\"\\\\/\\u0000\\u001f\\u007f\\u0080\\u2028~ \"");
    }

    /** Every JSON of the capture, read back and written again, gives Patroni's bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"GET_patroni.body", "GET_cluster.body", "GET_config.body", "PATCH_config.body",
        "patroni.dynamic.json", "patronictl_list_json.txt", "dcs_config_after_edit_config.value"})
    void defaultSeparatorsRoundTrip(String capture) {
        assertThat(PyJson.dumps(Captured.json(capture))).isEqualTo(Captured.text(capture).strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcs_member_node1.value", "dcs_config_bootstrap.value", "dcs_config_after_patch.value"})
    void compactSeparatorsRoundTrip(String capture) {
        assertThat(PyJson.compact(Captured.json(capture))).isEqualTo(Captured.text(capture));
    }

    @Test
    void scalarsAndContainers() {
        List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 0, -7L, (short) 3,
                new BigInteger("-98765432109876543210"), 1.0, -0.0, 1e16, 0.0001, 1.5f, new BigDecimal("0.1"),
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, List.of(), Map.of()));
        assertThat(PyJson.dumps(values)).isEqualTo("[null, true, false, 0, -7, 3, -98765432109876543210, 1.0, -0.0, "
                + "1e+16, 0.0001, 1.5, 0.1, NaN, Infinity, -Infinity, [], {}]");
        assertThat(PyJson.compact(values)).isEqualTo("[null,true,false,0,-7,3,-98765432109876543210,1.0,-0.0,"
                + "1e+16,0.0001,1.5,0.1,NaN,Infinity,-Infinity,[],{}]");
        assertThat(PyJson.dumps(new Object[] {"a", List.of(1, 2)})).isEqualTo("[\"a\", [1, 2]]");
    }

    @Test
    void keysTurnedIntoStringsAsPython() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, 2);
        m.put(null, 4);
        m.put(1.5, 5);
        m.put(false, 6);
        m.put("é", 7);
        // Python 3.11: json.dumps({1: 2, None: 4, 1.5: 5, False: 6, 'é': 7})
        assertThat(PyJson.dumps(m)).isEqualTo("{\"1\": 2, \"null\": 4, \"1.5\": 5, \"false\": 6, \"\\u00e9\": 7}");
    }

    @Test
    void otherObjectsAsTheirString() {
        assertThat(PyJson.compact(Map.of("at", java.time.Duration.ofSeconds(3)))).isEqualTo("{\"at\":\"PT3S\"}");
    }
}
