package io.jpatroni.daemon.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: the arguments, the asynchronous start, and a newer callback killing an older one. */
class CallbackRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theScriptGetsActionRoleAndScopeAfterItsOwnWords() {
        CallbackRunner runner = new CallbackRunner(Map.of(CallbackAction.ON_ROLE_CHANGE, "/bin/echo 'a b' c"),
                "batman", Optional.empty());
        assertThat(runner.command(CallbackAction.ON_ROLE_CHANGE, "master"))
                .contains(List.of("/bin/echo", "a b", "c", "on_role_change", "master", "batman"));
        assertThat(runner.command(CallbackAction.ON_START, "master")).isEmpty();
        assertThat(runner.call(CallbackAction.ON_START, "master")).isEmpty();
    }

    @Test
    void runsAsynchronouslyAndWritesItsArguments() throws Exception {
        Path out = dir.resolve("out");
        Path script = script("echo \"$@\" >> " + out);
        CallbackRunner runner = new CallbackRunner(Map.of(CallbackAction.ON_START, script.toString()), "batman",
                Optional.of(dir));
        Process p = runner.call(CallbackAction.ON_START, "replica").orElseThrow();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("on_start replica batman");
    }

    @Test
    void aNewerCallbackKillsTheOlderOneAndItsChildrenButNotARunningReload() throws Exception {
        Path script = script("sleep 60 & wait");
        CallbackRunner runner = new CallbackRunner(Map.of(CallbackAction.ON_START, script.toString(),
                CallbackAction.ON_ROLE_CHANGE, script.toString(), CallbackAction.ON_RELOAD, script.toString()),
                "batman", Optional.empty());
        Process reload = runner.call(CallbackAction.ON_RELOAD, "replica").orElseThrow();
        Process first = runner.call(CallbackAction.ON_START, "replica").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.descendants().findAny().isPresent());
        List<ProcessHandle> children = first.descendants().toList();
        Process second = runner.call(CallbackAction.ON_ROLE_CHANGE, "master").orElseThrow();
        assertThat(first.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(second.isAlive()).isTrue();
        assertThat(reload.isAlive()).isTrue();
        Process reload2 = runner.call(CallbackAction.ON_RELOAD, "replica").orElseThrow();
        assertThat(reload.isAlive()).isFalse();
        for (Process p : List.of(second, reload2)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Path script(String body) throws Exception {
        Path s = dir.resolve("cb-" + System.nanoTime() + ".sh");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        s.toFile().setExecutable(true);
        return s;
    }
}
