package org.distill4ads.retrieval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.distill4ads.transformer.ModelFingerprint;
import org.distill4ads.transformer.TextEmbedder;

/**
 * Keyphrase embeddings in one contiguous row-major {@code float[]} (row {@code i} at
 * {@code [i * dim, (i + 1) * dim)}), each row L2-normalized on insert, with its text.
 *
 * <p>A Matryoshka prefix {@code d} is scored without copying: the scan reads the first {@code d}
 * floats of each row and multiplies by {@code 1 / ‖row[:d]‖}, a per-row factor computed once per
 * prefix size and cached (4 bytes per row and size, against {@code 4 d} bytes for a copy).
 *
 * <p>The store records the {@link ModelFingerprint} of the model that embedded its rows (null when
 * unknown), so that {@link KeyphraseRecommender} and the command line refuse to search it with
 * another model of the same width, which would return nonsense.
 *
 * <p>File format (little-endian), written to a temporary file and renamed: magic
 * {@code D4AEMB\0\1} (8 bytes), version (int, 2), rows (int), dim (int), the model's fingerprint
 * (int length of its hash, 0 when unknown, then the hash's ASCII bytes and the parameter count as a
 * long), the rows' floats, then each text as a length-prefixed UTF-8 string (int length, bytes), then
 * the CRC32 of everything before it (long). Version 1 files (no fingerprint) are still read.
 * Loading checks each field and names the file and the problem.
 *
 * <p>Thread safety: any number of threads may read and search a store at once; {@link #add} is
 * synchronized against other adds but must not run while the store is searched (build, then serve).
 */
public final class EmbeddingStore {
    static final byte[] MAGIC = {'D', '4', 'A', 'E', 'M', 'B', 0, 1};
    static final int VERSION = 2;

    private final int dim;
    private final ModelFingerprint model;
    private float[] data;
    private final List<String> texts = new ArrayList<>();
    private final ConcurrentHashMap<Integer, float[]> prefixScale = new ConcurrentHashMap<>();

    public EmbeddingStore(int dim) {
        this(dim, null);
    }

    /** An empty store of rows embedded by {@code model} (null: unknown). */
    public EmbeddingStore(int dim, ModelFingerprint model) {
        if (dim <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + dim);
        }
        this.dim = dim;
        this.model = model;
        this.data = new float[dim * 16];
    }

    /** A store of the given rows (normalized on insert). */
    public static EmbeddingStore of(List<String> texts, float[][] rows) {
        return of(texts, rows, null);
    }

    /** A store of the given rows (normalized on insert), embedded by {@code model} (null: unknown). */
    public static EmbeddingStore of(List<String> texts, float[][] rows, ModelFingerprint model) {
        if (texts.size() != rows.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + rows.length + " rows");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to store");
        }
        EmbeddingStore s = new EmbeddingStore(rows[0].length, model);
        for (int i = 0; i < rows.length; i++) {
            s.add(texts.get(i), rows[i]);
        }
        return s;
    }

    /** Appends a row (copied and L2-normalized) and returns its id. Not for use during queries. */
    public synchronized int add(String text, float[] vector) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector dimensions differ: " + vector.length + " != " + dim);
        }
        double n = 0;
        for (float x : vector) {
            n += (double) x * x;
        }
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("vector for '" + text + "' has norm " + Math.sqrt(n) + "; it must be finite and non-zero");
        }
        int id = texts.size();
        if ((long) (id + 1) * dim > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, (id + 1) * dim));
        }
        float inv = (float) (1.0 / Math.sqrt(n));
        for (int j = 0; j < dim; j++) {
            data[id * dim + j] = vector[j] * inv;
        }
        texts.add(text);
        prefixScale.clear();
        return id;
    }

    /** The fingerprint of the model that embedded the rows; null when unknown. */
    public ModelFingerprint model() {
        return model;
    }

    /**
     * Throws when {@code embedder} is not the model that embedded these rows: a mismatch of width,
     * or of fingerprint when both are known, named with both values.
     */
    public void checkEmbedder(TextEmbedder embedder, String what) {
        if (embedder.dimension() != dim) {
            throw new IllegalArgumentException("the store holds " + dim + "-dimensional embeddings but " + what + " embeds "
                    + embedder.dimension() + "; embed the keyphrases with this model");
        }
        if (model != null) {
            ModelFingerprint other = embedder.fingerprint();
            if (other != null && !other.equals(model)) {
                throw new IllegalArgumentException("the store was embedded by model " + model + " but " + what + " is model "
                        + other + "; searching it with another model gives nonsense: embed the keyphrases with this model");
            }
        }
    }

    public int size() {
        return texts.size();
    }

    public int dim() {
        return dim;
    }

    public String text(int id) {
        return texts.get(id);
    }

    public List<String> texts() {
        return List.copyOf(texts);
    }

    /** A copy of row {@code id}. */
    public float[] row(int id) {
        return Arrays.copyOfRange(data, id * dim, (id + 1) * dim);
    }

    /** The backing array (row-major; only the first {@code size() * dim()} floats are rows). */
    float[] data() {
        return data;
    }

    /** 1 / ‖row[:d]‖ per row (1 for the full dimension), computed once per prefix size. */
    float[] prefixScale(int d) {
        checkDim(d);
        return prefixScale.computeIfAbsent(d, key -> {
            float[] s = new float[size()];
            for (int i = 0; i < s.length; i++) {
                if (key == dim) {
                    s[i] = 1f;
                    continue;
                }
                double n = 0;
                int base = i * dim;
                for (int j = 0; j < key; j++) {
                    n += (double) data[base + j] * data[base + j];
                }
                s[i] = n > 0 ? (float) (1.0 / Math.sqrt(n)) : 0f;
            }
            return s;
        });
    }

    void checkDim(int d) {
        if (d <= 0 || d > dim) {
            throw new IllegalArgumentException("query dimension " + d + " must be in [1, " + dim + "]");
        }
    }

    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (OutputStream raw = Files.newOutputStream(tmp);
                 CheckedOutputStream checked = new CheckedOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16), crc);
                 DataOutputStream out = new DataOutputStream(checked)) {
                out.write(MAGIC);
                out.writeInt(Integer.reverseBytes(VERSION));
                out.writeInt(Integer.reverseBytes(size()));
                out.writeInt(Integer.reverseBytes(dim));
                byte[] hash = model == null ? new byte[0] : model.hash().getBytes(StandardCharsets.US_ASCII);
                out.writeInt(Integer.reverseBytes(hash.length));
                if (model != null) {
                    out.write(hash);
                    out.writeLong(Long.reverseBytes(model.parameters()));
                }
                ByteBuffer buf = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < size(); i++) {
                    buf.clear();
                    buf.asFloatBuffer().put(data, i * dim, dim);
                    out.write(buf.array());
                }
                for (String t : texts) {
                    byte[] b = t.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(Integer.reverseBytes(b.length));
                    out.write(b);
                }
                out.flush();
                long sum = crc.getValue();
                out.writeLong(Long.reverseBytes(sum));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static EmbeddingStore load(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new java.io.BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = new byte[8];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not an embedding store (bad magic number)");
            }
            int version = Integer.reverseBytes(in.readInt());
            if (version != 1 && version != VERSION) {
                throw bad(file, "unsupported version " + version + ", expected 1 or " + VERSION);
            }
            int rows = Integer.reverseBytes(in.readInt());
            int dim = Integer.reverseBytes(in.readInt());
            if (rows < 0 || dim <= 0 || (long) rows * dim > Integer.MAX_VALUE - 8) {
                throw bad(file, "implausible size " + rows + " rows x " + dim + " dimensions");
            }
            ModelFingerprint model = null;
            long header = 20;
            if (version >= 2) {
                int hashLength = Integer.reverseBytes(in.readInt());
                header += 4;
                if (hashLength != 0) {
                    if (hashLength != 16) {
                        throw bad(file, "model fingerprint of " + hashLength + " bytes, expected 0 or 16");
                    }
                    byte[] hash = new byte[hashLength];
                    in.readFully(hash);
                    long parameters = Long.reverseBytes(in.readLong());
                    header += hashLength + 8;
                    try {
                        model = new ModelFingerprint(new String(hash, StandardCharsets.US_ASCII), parameters);
                    } catch (IllegalArgumentException e) {
                        throw bad(file, "bad model fingerprint: " + e.getMessage());
                    }
                }
            }
            long expectedMin = header + 4L * rows * dim + 4L * rows + 8;
            if (Files.size(file) < expectedMin) {
                throw bad(file, "truncated: " + Files.size(file) + " bytes, at least " + expectedMin + " needed for "
                        + rows + " rows of " + dim);
            }
            EmbeddingStore s = new EmbeddingStore(dim, model);
            s.data = new float[Math.max(1, rows) * dim];
            byte[] row = new byte[4 * dim];
            for (int i = 0; i < rows; i++) {
                in.readFully(row);
                ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(s.data, i * dim, dim);
            }
            for (int i = 0; i < rows; i++) {
                int len = Integer.reverseBytes(in.readInt());
                if (len < 0 || len > (1 << 20)) {
                    throw bad(file, "text " + i + " has implausible length " + len);
                }
                byte[] b = new byte[len];
                in.readFully(b);
                s.texts.add(new String(b, StandardCharsets.UTF_8));
            }
            long computed = crc.getValue();
            long stored = Long.reverseBytes(in.readLong());
            if (computed != stored) {
                throw bad(file, "checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                        + Long.toHexString(computed) + "): the file is corrupt");
            }
            if (in.read() != -1) {
                throw bad(file, "unexpected bytes after the checksum");
            }
            return s;
        } catch (EOFException e) {
            throw bad(file, "truncated (unexpected end of file)");
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException("embedding store " + file + ": " + what);
    }
}
