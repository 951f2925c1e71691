package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class JPatroniCtlTest {

    @Test
    void everyVerbIsRegisteredUnderItsCommandName() {
        for (Map.Entry<String, Class<?>> e : JPatroniCtl.VERBS.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName())
                    .isEqualTo(e.getKey());
        }
        assertThat(JPatroniCtl.VERBS).hasSize(19).containsKeys("list", "edit-config", "show-config", "switchover", "demote-cluster",
                "promote-cluster");
    }

    @Test
    void theVerbIsTheFirstArgumentThatIsNoGlobalOption() {
        assertThat(JPatroniCtl.verb(new String[] {"list"})).contains("list");
        assertThat(JPatroniCtl.verb(new String[] {"-c", "list", "show-config"})).contains("show-config");
        assertThat(JPatroniCtl.verb(new String[] {"--config-file", "x.yml", "-k", "list", "demo"})).contains("list");
        assertThat(JPatroniCtl.verb(new String[] {"--dcs-url=etcd://h:2379", "-d", "h", "history"}))
                .contains("history");
        assertThat(JPatroniCtl.verb(new String[] {"-c", "x.yml"})).isEmpty();
        assertThat(JPatroniCtl.verb(new String[] {"--help"})).isEmpty();
    }

    @Test
    void aNamedVerbAloneIsBuiltAnUnknownOneGetsThemAll() {
        CommandLine one = JPatroniCtl.commandLine(new JPatroniCtl(), new String[] {"-c", "x.yml", "list"});
        assertThat(one.getSubcommands()).containsOnlyKeys("list");
        CommandLine all = JPatroniCtl.commandLine(new JPatroniCtl(), new String[] {"lst"});
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(JPatroniCtl.VERBS.keySet());
        assertThat(JPatroniCtl.verb(new String[] {"lst"})).isEqualTo(Optional.of("lst"));
    }

    @Test
    void everyVerbsHelpEndsWithExamplesThatParse() {
        for (String verb : JPatroniCtl.VERBS.keySet()) {
            CommandLine cl = JPatroniCtl.commandLine(new JPatroniCtl(), new String[] {verb});
            String usage = cl.getSubcommands().get(verb).getUsageMessage();
            assertThat(usage).as(verb).contains("Examples:");
            List<String> examples = usage.substring(usage.indexOf("Examples:")).lines()
                    .filter(l -> l.startsWith("  jpatronictl")).toList();
            assertThat(examples).as(verb).isNotEmpty();
            for (String example : examples) {
                String[] args = words(example.trim().substring("jpatronictl".length()));
                assertThat(JPatroniCtl.verb(args)).as(example).contains(verb);
                JPatroniCtl.commandLine(new JPatroniCtl(), args).parseArgs(args);   // throws when it does not parse
            }
        }
    }

    @Test
    void theCompletionScriptKnowsEveryVerbAndItsOptions() {
        String script = Completion.script();
        assertThat(script).contains("complete -F _complete_jpatronictl", "--config-file", "--dcs-url");
        JPatroniCtl.VERBS.keySet().forEach(v -> assertThat(script).contains(v));
        assertThat(script).contains("--candidate", "--scheduled", "--extended");
    }

    /** Shell words: blanks split, single quotes group. */
    private static String[] words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out.toArray(String[]::new);
    }
}
