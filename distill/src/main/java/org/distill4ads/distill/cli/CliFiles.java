package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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

    /** Copies the folder {@code from} to {@code to} (which must not exist), recursively. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path q : all) {
                Files.delete(q);
            }
        }
    }

    /**
     * Puts the finished folder {@code ready} in the place of {@code target} by renames: an old
     * {@code target} is moved aside first and deleted after, so {@code target} is never half written.
     */
    static void replaceDir(Path ready, Path target) throws IOException {
        if (Files.exists(target)) {
            Path old = target.resolveSibling("." + target.getFileName() + ".old");
            deleteTree(old);
            move(target, old);
            move(ready, target);
            deleteTree(old);
        } else {
            move(ready, target);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** A new empty folder beside {@code target} (same file system, so it can be renamed into place). */
    static Path tempDirBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        return Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
    }
}
