package org.distill4ads.distill.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The run's metrics as JSON lines ({@code metrics.jsonl}): one object per training step
 * ({@code step, epoch, task, loss, lr, grad_norm, time_s, skipped}) and one per evaluation
 * ({@code step, eval: {...}}). Each line is flushed when written, so a crash loses at most the
 * line being written. Non-finite numbers are written as strings ("NaN", "Infinity").
 */
public final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    private MetricsLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens {@code file} for appending. Lines of steps after {@code keepUpToStep} (left by a run
     * that crashed after its last checkpoint) are removed first, atomically, so a resumed run's
     * log has each step once. Pass {@code -1} to start a new, empty log.
     */
    public static MetricsLog open(Path file, long keepUpToStep) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> kept = new ArrayList<>();
        if (keepUpToStep >= 0 && Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int lineNo = 1; lineNo <= lines.size(); lineNo++) {
                String line = lines.get(lineNo - 1);
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (lineNo == lines.size()) {
                        continue; // the last line, cut short by a crash mid-write
                    }
                    throw new IOException(file + ":" + lineNo + ": not a JSON line: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.has("step")) {
                    throw new IOException(file + ":" + lineNo + ": metrics line has no \"step\": " + line);
                }
                if (node.get("step").asLong() <= keepUpToStep) {
                    kept.add(line);
                }
            }
        }
        AtomicFiles.writeText(file, out -> {
            for (String line : kept) {
                out.write(line);
                out.write('\n');
            }
        });
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new MetricsLog(file, w);
    }

    public Path file() {
        return file;
    }

    /** Appends one JSON object (keys in the map's order) as a line. */
    public void write(Map<String, ?> record) {
        try {
            out.write(JSON.writeValueAsString(record));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }

    /** Reads every line of a metrics file as a JSON tree (for reports and tests). */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IOException(file + ":" + lineNo + ": not a JSON line: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
