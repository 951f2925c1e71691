package io.jpatroni.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

    /** The build writes the commit before the tests run (generate-resources), from this checkout's git. */
    @Test
    void versionLineNamesTheCommitTheBuildWasMadeFrom() {
        assertThat(Version.commit()).matches("[0-9a-f]{12}(-dirty)?");
        assertThat(Version.line()).matches("jpatroni \\S+ \\(commit [0-9a-f]{12}(-dirty)?\\)");
    }
}
