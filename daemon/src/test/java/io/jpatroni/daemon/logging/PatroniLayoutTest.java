package io.jpatroni.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Log lines as Python's logging (plain) and python-json-logger (Patroni 4's json) write them. */
class PatroniLayoutTest {
    private static final long AT = 1_795_829_666_344L;   // 2026-11-28 01:34:26.344 UTC
    private static final LoggerContext CONTEXT = new LoggerContext();

    private static LoggingEvent event(Level level, String message, Object... args) {
        LoggingEvent e = new LoggingEvent("x", CONTEXT.getLogger("io.jpatroni.daemon.loop.HaLoop"), level, message,
                null, args);
        e.setTimeStamp(AT);
        return e;
    }

    private static PatroniLayout layout(String type, Object format, String dateformat, Map<String, Object> fields,
                                        List<String> warnings) {
        return PatroniLayout.of(type, Optional.ofNullable(format), Optional.ofNullable(dateformat), fields, warnings,
                ZoneOffset.UTC);
    }

    @Test
    void plainByDefaultIsPatronisLine() {
        PatroniLayout plain = layout("plain", null, null, Map.of(), new ArrayList<>());
        assertThat(plain.doLayout(event(Level.INFO, "no action. I am ({}), the leader with the lock", "node1")))
                .isEqualTo("2026-11-28 01:34:26,344 INFO: no action. I am (node1), the leader with the lock\n");
        assertThat(plain.doLayout(event(Level.WARN, "careful")))
                .isEqualTo("2026-11-28 01:34:26,344 WARNING: careful\n");
    }

    @Test
    void plainTakesPythonsFormatAndDateformat() {
        PatroniLayout plain = layout("plain", "%(asctime)s [%(levelname)-8s] %(process)d %(name)s: %(message)s %%",
                "%d/%b/%Y %H:%M:%S", Map.of(), new ArrayList<>());
        assertThat(plain.doLayout(event(Level.ERROR, "boom"))).isEqualTo("28/Nov/2026 01:34:26 [ERROR   ] "
                + ProcessHandle.current().pid() + " io.jpatroni.daemon.loop.HaLoop: boom %\n");
    }

    @Test
    void aListFormatWithPlainIsWarnedAboutAndTheDefaultUsed() {
        List<String> warnings = new ArrayList<>();
        PatroniLayout plain = layout("plain", List.of("message"), null, Map.of(), warnings);
        assertThat(warnings).containsExactly(
                "Expected log format to be a string when log type is plain, but got \"list\"");
        assertThat(plain.doLayout(event(Level.INFO, "x"))).isEqualTo("2026-11-28 01:34:26,344 INFO: x\n");
    }

    @Test
    void jsonByDefaultHasAsctimeLevelnameAndMessage() throws Exception {
        PatroniLayout json = layout("json", null, null, Map.of(), new ArrayList<>());
        String line = json.doLayout(event(Level.INFO, "Lock owner: node1; I am node2"));
        assertThat(line).isEqualTo("{\"asctime\": \"2026-11-28 01:34:26,344\", \"levelname\": \"INFO\", \"message\":"
                + " \"Lock owner: node1; I am node2\"}\n");
        assertThat(new ObjectMapper().readTree(line).get("levelname").asText()).isEqualTo("INFO");
    }

    @Test
    void jsonRenamesFieldsAddsStaticFieldsAndKeepsTypes() throws Exception {
        Map<String, Object> renamed = new LinkedHashMap<>();
        renamed.put("levelname", "level");
        renamed.put("asctime", "@timestamp");
        Map<String, Object> statics = new LinkedHashMap<>();
        statics.put("app", "patroni");
        statics.put("dc", 3);
        PatroniLayout json = layout("json", List.of(renamed, "message", "process", "levelno"), "%Y-%m-%dT%H:%M:%S",
                statics, new ArrayList<>());
        String line = json.doLayout(event(Level.WARN, "über"));
        assertThat(line).isEqualTo("{\"level\": \"WARNING\", \"@timestamp\": \"2026-11-28T01:34:26\", \"message\":"
                + " \"\\u00fcber\", \"process\": " + ProcessHandle.current().pid() + ", \"levelno\": 30,"
                + " \"app\": \"patroni\", \"dc\": 3}\n");
    }

    @Test
    void jsonFromAFormatStringAndAnException() throws Exception {
        LoggingEvent e = event(Level.ERROR, "failed");
        e.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("bad")));
        String line = layout("json", "%(levelname)s %(message)s %(unknown)s", null, Map.of(), new ArrayList<>())
                .doLayout(e);
        var tree = new ObjectMapper().readTree(line);
        assertThat(tree.fieldNames()).toIterable().containsExactly("levelname", "message", "unknown", "exc_info");
        assertThat(tree.get("unknown").isNull()).isTrue();
        assertThat(tree.get("exc_info").asText()).startsWith("java.lang.IllegalStateException: bad");
    }

    @Test
    void badListItemsAreWarnedAboutInPatronisWords() {
        List<String> warnings = new ArrayList<>();
        layout("json", List.of(7, Map.of("levelname", 1)), null, Map.of(), warnings);
        assertThat(warnings).containsExactly(
                "Expected each item of log format to be a string or dictionary, but got \"int\"",
                "Expected renamed log field to be a string, but got \"int\"");
    }
}
