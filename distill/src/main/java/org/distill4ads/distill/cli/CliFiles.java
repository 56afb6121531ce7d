package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** File checks and folder operations the commands share; failures name the path. */
final class CliFiles {
    private CliFiles() {
    }

    /** {@code file} itself, when it is a regular file; otherwise an exception naming it and {@code what} it should be. */
    static Path requireFile(Path file, String what) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, expected " + what);
        }
        throw new NoSuchFileException(file.toString(), null, "expected " + what);
    }

    /** {@code dir} itself, when it is a folder; otherwise an exception naming it and {@code what} it should be. */
    static Path requireDir(Path dir, String what) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " is a file, expected " + what);
        }
        throw new NoSuchFileException(dir.toString(), null, "expected " + what);
    }

    /** True when the name ends in one of the data formats' extensions ({@code .tsv}, {@code .jsonl}). */
    static boolean isDataFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".tsv") || name.endsWith(".jsonl");
    }
}
