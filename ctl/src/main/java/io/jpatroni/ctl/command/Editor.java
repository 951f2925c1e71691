package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Runs {@code $EDITOR} (else {@code editor}, else {@code vi}) on a temporary {@code <cluster>-config-*.yaml}. */
final class Editor {
    private Editor() {
    }

    static String edit(String text, String clusterName) throws IOException, InterruptedException {
        String editor = Optional.ofNullable(System.getenv("EDITOR")).filter(e -> !e.isEmpty())
                .or(() -> which("editor")).or(() -> which("vi"))
                .orElseThrow(() -> new CtlException(
                        "EDITOR environment variable is not set. editor or vi are not available"));
        Path tmp = Files.createTempFile(clusterName + "-config-", ".yaml");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            int rc = new ProcessBuilder(editor, tmp.toString()).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new CtlException("Editor exited with return code " + rc);
            }
            return Files.readString(tmp, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Optional<String> which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
