package io.jpatroni.daemon.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.DecisionTable.Rule;
import io.jpatroni.daemon.decision.DecisionTable.Step;
import io.jpatroni.daemon.decision.DecisionTable.Upkeep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/decision-table.md} is {@link DecisionTable} as printed by {@link DecisionTableDoc}. A stale file is
 * rewritten and the test fails once, so the change shows in {@code git diff} and the docs never drift.
 */
class DecisionTableDocTest {

    @Test
    void docsDecisionTableMdIsTheTable() throws IOException {
        Path doc = repositoryRoot().resolve("docs").resolve("decision-table.md");
        String fresh = DecisionTableDoc.markdown();
        String current = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        if (!current.equals(fresh)) {
            Files.createDirectories(doc.getParent());
            Path tmp = doc.resolveSibling("decision-table.md.tmp");
            Files.writeString(tmp, fresh, StandardCharsets.UTF_8);
            Files.move(tmp, doc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        assertThat(current).as("%s was stale and has been regenerated from DecisionTable: review and commit it", doc)
                .isEqualTo(fresh);
    }

    @Test
    void everyRowHasAUniqueNameAPatroniBranchAndASummaryThatFitOneTableCell() {
        Stream<String> names = Stream.of(DecisionTable.RULES.stream().map(Rule::name),
                DecisionTable.STEPS.stream().map(Step::name), DecisionTable.UPKEEP.stream().map(Upkeep::name))
                .flatMap(s -> s);
        assertThat(names.toList()).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"));
        Stream.of(DecisionTable.RULES.stream().flatMap(r -> Stream.of(r.patroni(), r.summary())),
                        DecisionTable.STEPS.stream().flatMap(s -> Stream.of(s.patroni(), s.summary())),
                        DecisionTable.UPKEEP.stream().flatMap(u -> Stream.of(u.patroni(), u.summary())))
                .flatMap(s -> s)
                .forEach(text -> assertThat(text).isNotBlank().doesNotContain("|").doesNotContain("`")
                        .doesNotContain("\n"));
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (!Files.exists(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("daemon"))) {
            throw new IllegalStateException("not run from the daemon module of a checkout: " + module);
        }
        return root;
    }
}
