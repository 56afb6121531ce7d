package org.distill4ads.distill.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The append-only label cache of {@link OpenAiJudge}: a JSON-lines file, one
 * {@code {"key":..., "item_id":..., "keyphrase":..., "label":...}} per answered prompt, appended and
 * flushed as soon as the answer arrives, so neither a rerun nor a crash pays twice for a label.
 *
 * <p>A crash can leave a partial last line; loading skips it (and counts it) and rewrites the file
 * without it, so the next append starts on a clean line. Garbage anywhere else is an error: it
 * means the file is not what it claims to be. One process at a time may append to a file.
 */
final class JudgeCache implements Closeable {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path file;
    private final ObjectMapper mapper;
    private final Map<String, Double> labels = new ConcurrentHashMap<>();
    private final int skippedLines;
    private final Writer writer;

    private JudgeCache(Path file, ObjectMapper mapper) throws IOException {
        this.file = file;
        this.mapper = mapper;
        this.skippedLines = Files.exists(file) ? load() : 0;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // FileOutputStream, not a FileChannel: an interrupted worker must not close the cache.
        this.writer = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(file.toFile(), true), StandardCharsets.UTF_8));
    }

    /** Loads {@code file} when it exists (creating it otherwise) and opens it for appending. */
    static JudgeCache open(Path file, ObjectMapper mapper) throws IOException {
        return new JudgeCache(file, mapper);
    }

    /** Reads every line; returns how many partial last lines were skipped (0 or 1). */
    private int load() throws IOException {
        // Lenient decoding: a crash may cut a multi-byte character in half.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int last = lines.length - 1;
        while (last >= 0 && lines[last].isBlank()) {
            last--;
        }
        List<String> good = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i <= last; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String problem = parse(line);
            if (problem == null) {
                good.add(line);
            } else if (i == last) {
                skipped++;
            } else {
                throw new IOException("judge cache " + file + " line " + (i + 1) + ": " + problem + ": "
                        + Answers.truncate(line, 200) + " (only a partial last line is tolerated; fix or delete this line)");
            }
        }
        if (skipped > 0 || (!text.isEmpty() && !text.endsWith("\n"))) {
            rewrite(good);
        }
        return skipped;
    }

    /** Stores the entry of one line; returns what is wrong with it, or null. */
    private String parse(String line) {
        if (line.length() > org.distill4ads.distill.data.Limits.MAX_LINE_CHARS) {
            return "longer than " + org.distill4ads.distill.data.Limits.MAX_LINE_CHARS + " characters";
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            return "not JSON (" + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr())
                    + ")";
        }
        if (node == null || !node.isObject()) {
            return "expected a JSON object";
        }
        JsonNode key = node.get("key");
        JsonNode label = node.get("label");
        if (key == null || !key.isTextual() || !KEY.matcher(key.asText()).matches()) {
            return "\"key\" must be 64 lower-case hex digits (SHA-256)";
        }
        if (!node.path("item_id").isTextual() || !node.path("keyphrase").isTextual()) {
            return "\"item_id\" and \"keyphrase\" must be strings";
        }
        if (label == null || !label.isNumber() || !(label.asDouble() >= 0 && label.asDouble() <= 1)) {
            return "\"label\" must be a number in [0, 1]";
        }
        labels.put(key.asText(), label.asDouble());
        return null;
    }

    private void rewrite(List<String> good) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : good) {
            sb.append(line).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** The cached label of a prompt key, or null. */
    Double get(String key) {
        return labels.get(key);
    }

    /** Records a label and appends it to the file at once (written and flushed before returning). */
    synchronized void put(String key, String itemId, String keyphrase, double label) throws IOException {
        ObjectNode line = mapper.createObjectNode();
        line.put("key", key);
        line.put("item_id", itemId);
        line.put("keyphrase", keyphrase);
        line.put("label", label);
        writer.write(mapper.writeValueAsString(line));
        writer.write('\n');
        writer.flush();
        labels.put(key, label);
    }

    int size() {
        return labels.size();
    }

    int skippedLines() {
        return skippedLines;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
