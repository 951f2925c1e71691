package io.jpatroni.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.ctl.Captures;
import org.junit.jupiter.api.Test;

/** Prompts, checks and messages of switchover/failover, replayed against the captured cluster (topology TL 4). */
class ManualFailoverTest {

    /** The capture's session without its first line (the command) and last line (the exit code). */
    private static String session(String capture) {
        String text = Captures.text(capture);
        text = text.substring(text.indexOf('\n') + 1);
        return text.substring(0, text.lastIndexOf("(exit code"));
    }

    @Test
    void interactiveSwitchoverAbortedAtTheConfirmation() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "\n\n\nN\n", "switchover",
                "demo");
        assertThat(run.exitCode()).isEqualTo(1);
        String expected = session("switchover_interactive_prompts.txt").replaceAll("\\(e\\.g\\. [0-9T:-]+ \\)",
                "(e.g. X )");
        assertThat(run.output().replaceAll("\\(e\\.g\\. [0-9T:-]+ \\)", "(e.g. X )")).isEqualTo(expected);
    }

    @Test
    void interactiveFailoverNeedsACandidate() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "\n\nN\n", "failover", "demo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(session("failover_interactive_prompts.txt"));
    }

    @Test
    void sameNodeForLeaderAndCandidateIsRefused() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "", "switchover", "demo",
                "--force", "--leader", "node2", "--candidate", "node2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(session("switchover_refused_same_node.txt"));
    }

    @Test
    void unknownCandidate() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "", "switchover", "demo",
                "--force", "--candidate", "node9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).endsWith("Error: Member node9 does not exist in cluster demo\n");
    }

    @Test
    void wrongLeader() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "", "switchover", "demo",
                "--force", "--master", "node1", "--candidate", "node3");
        assertThat(run.output()).endsWith("Error: Member node1 is not the leader of cluster demo\n");
    }

    @Test
    void switchoverWithoutLeader() {
        var store = Captures.store("after_patronictl_failover");
        store.put("/service/demo/leader", "", java.util.OptionalLong.empty(), io.jpatroni.dcs.kv.Condition.NONE);
        Captures.Run run = Captures.run(store, "", "switchover", "demo", "--force");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).endsWith("Error: This cluster has no leader\n");
    }

    @Test
    void apiUnreachableFallsBackToTheFailoverKey() {
        var store = Captures.storeWithApisDown("after_patronictl_failover");
        Captures.Run run = Captures.run(store, "", "failover", "demo", "--force", "--candidate", "node3");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("Could not failover using Patroni api, falling back to DCS");
        assertThat(store.get("/service/demo/failover").orElseThrow().value())
                .isEqualTo("{\"leader\":\"node2\",\"member\":\"node3\"}");
    }

    /** The key a name with a quote and a non-ASCII letter gives, as Python's {@code json.dumps} escapes it. */
    @Test
    void fallbackKeyIsEscapedAsPatroniWritesIt() {
        var store = new io.jpatroni.dcs.memory.InMemoryKeyValueStore();
        String leader = "nöde\"1";
        put(store, "leader", leader);
        put(store, "members/" + leader, "{\"conn_url\":\"postgres://127.0.0.1:5432/postgres\","
                + "\"api_url\":\"http://127.0.0.1:1/patroni\",\"state\":\"running\",\"role\":\"master\"}");
        put(store, "members/node2", "{\"conn_url\":\"postgres://127.0.0.1:5433/postgres\","
                + "\"api_url\":\"http://127.0.0.1:1/patroni\",\"state\":\"running\",\"role\":\"replica\"}");
        Captures.Run run = Captures.run(store, "", "switchover", "demo", "--force", "--candidate", "node2",
                "--scheduled", "2030-01-01T10:00+02:00");
        assertThat(run.exitCode()).as(run.output()).isZero();
        // Python 3.11: json.dumps({'leader': 'nöde"1', 'member': 'node2', 'scheduled_at': ...}, separators=(',', ':'))
        assertThat(store.get("/service/demo/failover").orElseThrow().value()).isEqualTo(
                "{\"leader\":\"n\\u00f6de\\\"1\",\"member\":\"node2\",\"scheduled_at\":\"2030-01-01T10:00:00+02:00\"}");
    }

    private static void put(io.jpatroni.dcs.memory.InMemoryKeyValueStore store, String key, String value) {
        store.put("/service/demo/" + key, value, java.util.OptionalLong.empty(), io.jpatroni.dcs.kv.Condition.NONE);
    }

    @Test
    void endOfInputAtAPromptAborts() {
        Captures.Run run = Captures.run(Captures.store("after_patronictl_failover"), "", "switchover", "demo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).endsWith("Primary [node2]: Aborted!\n");
    }
}
