package io.jpatroni.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** The file-system questions validation asks; tests answer them without touching the disk. */
interface FileChecks {
    boolean isDirectory(String path);

    boolean isExecutableFile(String path);

    FileChecks REAL = new FileChecks() {
        @Override
        public boolean isDirectory(String path) {
            return Files.isDirectory(Path.of(path));
        }

        @Override
        public boolean isExecutableFile(String path) {
            Path p = Path.of(path);
            return Files.isRegularFile(p) && Files.isExecutable(p);
        }
    };
}
