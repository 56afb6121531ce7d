package org.distill4ads.transformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.distill4ads.transformer.model.TextTokenizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which model made something: the SHA-256 of its weights (names, shapes and float32 values, in
 * name order), of its tokenizer's files and of its settings, with its parameter count. An embedding store records
 * the fingerprint of the model that embedded it, so that it is never searched with another one.
 * A model saved and loaded again keeps its fingerprint.
 *
 * @param hash       the first 16 hex digits of the SHA-256
 * @param parameters how many weights the model has
 */
public record ModelFingerprint(String hash, long parameters) {
    public ModelFingerprint {
        if (hash == null || !hash.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a fingerprint is 16 hex digits, got " + hash);
        }
        if (parameters < 0) {
            throw new IllegalArgumentException("parameter count must be >= 0, got " + parameters);
        }
    }

    /**
     * The fingerprint of weights by name, the tokenizer that goes with them and the settings that
     * change what the model computes (pooling, maximum length; as a text).
     */
    public static ModelFingerprint of(Map<String, INDArray> weights, TextTokenizer tokenizer, String settings) {
        MessageDigest sha = sha256();
        sha.update(settings.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        long parameters = 0;
        for (Map.Entry<String, INDArray> e : new TreeMap<>(weights).entrySet()) {
            INDArray a = e.getValue();
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            for (long s : a.shape()) {
                sha.update(ByteBuffer.allocate(8).putLong(s).array());
            }
            float[] v = a.dataType() == DataType.FLOAT ? a.dup('c').data().asFloat() : a.castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            sha.update(b.array());
            parameters += a.length();
        }
        hashTokenizer(sha, tokenizer);
        return new ModelFingerprint(HexFormat.of().formatHex(sha.digest()).substring(0, 16), parameters);
    }

    /** The tokenizer's saved files, by name: what a reloaded model's tokenizer reads back. */
    private static void hashTokenizer(MessageDigest sha, TextTokenizer tokenizer) {
        try {
            Path dir = Files.createTempDirectory("d4a-fingerprint");
            try {
                tokenizer.save(dir);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                        sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                        sha.update(canonical(f));
                    }
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint the tokenizer", e);
        }
    }

    /**
     * A file's bytes; a JSON file's with its object keys sorted, because writers may order keys
     * differently from one JVM run to the next (as {@code Map.of} does) and the same model must
     * keep its fingerprint across processes.
     */
    private static byte[] canonical(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (!f.getFileName().toString().endsWith(".json")) {
            return bytes;
        }
        Object tree = JSON.readValue(bytes, Object.class);
        return JSON.writeValueAsBytes(tree);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hash + " (" + parameters + " parameters)";
    }
}
