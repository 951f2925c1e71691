package io.jpatroni.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/config-keys.md} is the registry as printed by {@link ConfigKeysDoc}. A stale file is
 * rewritten and the test fails once, so the change shows in {@code git diff} and never drifts.
 */
class ConfigKeysDocTest {

    @Test
    void docsConfigKeysMdIsTheRegistry() throws IOException {
        Path doc = repositoryRoot().resolve("docs").resolve("config-keys.md");
        String fresh = ConfigKeysDoc.markdown();
        String current = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        if (!current.equals(fresh)) {
            Files.createDirectories(doc.getParent());
            Path tmp = doc.resolveSibling("config-keys.md.tmp");
            Files.writeString(tmp, fresh, StandardCharsets.UTF_8);
            Files.move(tmp, doc, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        assertThat(current).as("%s was stale and has been regenerated from ConfigKeys: review and commit it", doc)
                .isEqualTo(fresh);
    }

    @Test
    void theDocCountsEveryKeyOnceAndListsWhatIsStillUnsupported() {
        String md = ConfigKeysDoc.markdown();
        long unsupported = ConfigKeys.all().stream().filter(ConfigKey::isUnsupported).count();

        assertThat(md).contains("| total | " + ConfigKeys.all().size() + " |");
        assertThat(md.lines().filter(l -> l.startsWith("- `"))).hasSize((int) unsupported);
        assertThat(md).contains("- `bootstrap.dcs.max_timelines_history` when != 0: ")
                .doesNotContain("- `bootstrap.dcs.member_slots_ttl`").doesNotContain("- `tags.replicatefrom`")
                .doesNotContain("- `tags.nostream`").doesNotContain("- `bootstrap.dcs.ignore_slots`").doesNotContain("- `bootstrap.dcs.slots`")
                .doesNotContain("- `bootstrap.dcs.failsafe_mode`").doesNotContain("- `bootstrap.dcs.synchronous_mode`")
                .doesNotContain("- `bootstrap.dcs.standby_cluster`");
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (!Files.exists(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("config"))) {
            throw new IllegalStateException("not run from the config module of a checkout: " + module);
        }
        return root;
    }
}
