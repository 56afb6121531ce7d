package org.distill4ads.distill.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of checkpoints, one sub-folder per step ({@code step-000000120}), each written
 * atomically: its files go into a temporary folder that is renamed into place only once all of
 * them are complete, so a checkpoint folder is either whole or absent. Only the newest
 * {@code keepLast} are kept. Temporary folders left by a crash are ignored and removed.
 */
public final class CheckpointStore {
    /** Writes a checkpoint's files into the (empty) folder it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path folder) throws IOException;
    }

    private static final Pattern NAME = Pattern.compile("step-(\\d{9})");
    private static final String TMP_PREFIX = ".tmp-";

    private final Path root;
    private final int keepLast;

    public CheckpointStore(Path root, int keepLast) {
        if (root == null) {
            throw new IllegalArgumentException("checkpoint folder must not be null");
        }
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
        }
        this.root = root;
        this.keepLast = keepLast;
    }

    public Path root() {
        return root;
    }

    /** The folder name of a step's checkpoint. */
    public static String folderName(long step) {
        if (step < 0 || step > 999_999_999L) {
            throw new IllegalArgumentException("checkpoint step must be in [0, 999999999], got " + step);
        }
        return String.format("step-%09d", step);
    }

    /**
     * Writes the checkpoint of {@code step} atomically (replacing an existing one of the same
     * step), then deletes all but the newest {@code keepLast}. On failure nothing new is visible
     * and the temporary folder is removed.
     */
    public Path save(long step, Writer writer) throws IOException {
        Files.createDirectories(root);
        removeTemporaries();
        Path target = root.resolve(folderName(step));
        Path tmp = Files.createTempDirectory(root, TMP_PREFIX + folderName(step) + "-");
        try {
            writer.write(tmp);
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(root, TMP_PREFIX + "old-");
                Files.delete(old);
                move(target, old);
                move(tmp, target);
                deleteTree(old);
            } else {
                move(tmp, target);
            }
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        prune();
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically; checkpoints need it", e);
        }
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                if (Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + root, e);
        }
        out.sort(Comparator.comparingLong(CheckpointStore::stepOf));
        return out;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The step a checkpoint folder belongs to. */
    public static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint folder (expected step-NNNNNNNNN)");
        }
        return Long.parseLong(m.group(1));
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            deleteTree(all.get(i));
        }
    }

    private void removeTemporaries() throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root, TMP_PREFIX + "*")) {
            for (Path p : dir) {
                deleteTree(p);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void deleteQuietly(Path p, Throwable cause) {
        try {
            deleteTree(p);
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
