package org.distill4ads.distill.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.OutputRefusedException;

/**
 * A JSON-lines output that survives a kill: lines are appended to {@code .NAME.partial} beside the
 * target, which is renamed to the target only when {@link #finish()} is called, so the target is
 * never half written. Opened again after a kill, it keeps the complete lines of the partial file
 * (dropping a torn last line: one without its line break, or that is not a JSON object with an
 * {@code id}) and reports their ids, so the caller skips those items.
 *
 * <p>Each {@link #append} is one write to the operating system, so a killed process loses at most
 * the batch it was writing; {@link #finish()} forces the file to disk before the rename.
 */
public final class ResumableJsonl implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final List<String> done;

    private ResumableJsonl(Path target, Path partial, FileChannel channel, List<String> done) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.done = done;
    }

    /** The partial file of {@code target}: {@code .NAME.partial} in the same folder. */
    public static Path partialOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".partial");
    }

    /**
     * Opens {@code target} for writing, resuming its partial file if there is one. An existing
     * {@code target} (a finished output, or a file of the user's) is refused unless
     * {@code overwrite}; with {@code overwrite} a partial file is discarded too and the run starts over.
     */
    public static ResumableJsonl open(Path target, boolean overwrite) throws IOException {
        Path abs = target.toAbsolutePath();
        Path partial = partialOf(abs);
        if (Files.isDirectory(abs)) {
            throw new OutputRefusedException(target + " is a folder, expected a JSON-lines file to write");
        }
        if (Files.exists(abs) && !overwrite) {
            throw new OutputRefusedException(target + " exists (a finished run, or a file of yours); give --overwrite to replace it");
        }
        Files.createDirectories(abs.getParent());
        if (overwrite) {
            Files.deleteIfExists(partial);
        }
        FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            List<String> done = new ArrayList<>();
            long keep = completeLines(ch, done);
            ch.truncate(keep);
            ch.position(keep);
            return new ResumableJsonl(abs, partial, ch, done);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads the complete lines, collecting their ids; returns the byte length they cover. */
    private static long completeLines(FileChannel ch, List<String> ids) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(Math.min(size, Integer.MAX_VALUE - 8)));
        while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
            // read the whole file
        }
        byte[] bytes = all.array();
        int start = 0;
        for (int i = 0; i < all.position(); i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String id = idOf(new String(bytes, start, i - start, StandardCharsets.UTF_8));
            if (id == null) {
                return start;   // a torn or foreign line: keep what came before it
            }
            ids.add(id);
            start = i + 1;
        }
        return start;   // bytes after the last line break are a torn line
    }

    private static String idOf(String line) {
        try {
            JsonNode n = RecommendationJson.JSON.readTree(line);
            return n != null && n.isObject() && n.path("id").isTextual() ? n.get("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The ids of the lines already written, in order (empty for a new output). */
    public List<String> done() {
        return List.copyOf(done);
    }

    /** Appends lines (each without its line break) in one write. */
    public void append(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (l.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a JSON line holds a line break: " + l);
            }
            sb.append(l).append('\n');
        }
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Forces the lines to disk and renames the partial file to the target. */
    public void finish() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Closes without finishing: the partial file stays, for a later run to resume. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
