package org.distill4ads.retrieval;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.distill4ads.retrieval.kernel.Kernels;

/**
 * The HNSW index file. It holds the graph, not the vectors: those come from the embedding store
 * the index is loaded with, and a CRC32 of them (as the graph saw them) makes loading over other
 * rows fail instead of searching a graph that does not fit.
 *
 * <p>Little-endian, written to a temporary file and renamed: magic {@code D4AHNSW\1} (8 bytes),
 * version (int, 1), rows n, dim, M, efConstruction, efSearch, entry node, top level (ints), the
 * CRC32 of the vectors (long), each node's level (n ints), layer 0 (n × (2M + 1) ints: a count,
 * then the ids), then for each node above layer 0 its upper lists (level × (M + 1) ints), then the
 * CRC32 of everything before it (long).
 */
final class HnswFile {
    static final byte[] MAGIC = {'D', '4', 'A', 'H', 'N', 'S', 'W', 1};
    static final int VERSION = 1;

    private HnswFile() {}

    static void save(HnswIndex index, Path file) throws IOException {
        HnswGraph g = index.graph();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (OutputStream raw = Files.newOutputStream(tmp);
                 CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
                 DataOutputStream out = new DataOutputStream(checked)) {
                out.write(MAGIC);
                writeInts(out, new int[] {VERSION, g.size, g.dim, g.m, g.efConstruction, index.efSearch(), g.entry, g.maxLevel}, 8);
                out.writeLong(Long.reverseBytes(vectorsCrc(g.vectors)));
                writeInts(out, g.levels, g.size);
                writeInts(out, g.links0, g.links0.length);
                for (int[] u : g.upper) {
                    if (u != null) {
                        writeInts(out, u, u.length);
                    }
                }
                out.flush();
                out.writeLong(Long.reverseBytes(crc.getValue()));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static HnswIndex load(Path file, EmbeddingStore store) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = new byte[8];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not an HNSW index (bad magic number)");
            }
            int[] h = readInts(in, 8);
            if (h[0] != VERSION) {
                throw bad(file, "unsupported version " + h[0] + ", expected " + VERSION);
            }
            int n = h[1];
            int dim = h[2];
            int m = h[3];
            if (n < 0 || dim <= 0 || m < 2 || h[4] <= 0 || h[5] <= 0 || (long) n * (2L * m + 1) > Integer.MAX_VALUE - 8) {
                throw bad(file, "implausible header: " + n + " rows, dim " + dim + ", M " + m + ", efConstruction " + h[4] + ", efSearch " + h[5]);
            }
            if (n != store.size() || dim > store.dim()) {
                throw bad(file, "built over " + n + " rows at dimension " + dim + ", but the store has " + store.size()
                        + " rows of dimension " + store.dim());
            }
            float[] vectors = HnswIndex.vectors(store, dim);
            long storedVectors = Long.reverseBytes(in.readLong());
            if (storedVectors != vectorsCrc(vectors)) {
                throw bad(file, "the store's rows are not the ones this graph was built over (vector checksum differs)");
            }
            int[] levels = readInts(in, n);
            for (int i = 0; i < n; i++) {
                if (levels[i] < 0 || levels[i] > 30) {
                    throw bad(file, "node " + i + " has implausible level " + levels[i]);
                }
            }
            HnswGraph g = new HnswGraph(vectors, dim, m, h[4], levels, Kernels.get());
            readInto(in, g.links0);
            for (int[] u : g.upper) {
                if (u != null) {
                    readInto(in, u);
                }
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
            int entry = h[6];
            int top = h[7];
            if (n > 0 && (entry < 0 || entry >= n || top != levels[entry])) {
                throw bad(file, "entry node " + entry + " at level " + top + " does not match the graph");
            }
            checkLinks(file, g);
            g.entry = entry;
            g.maxLevel = top;
            return new HnswIndex(g, h[5]);
        } catch (EOFException e) {
            throw bad(file, "truncated (unexpected end of file)");
        }
    }

    private static void checkLinks(Path file, HnswGraph g) throws IOException {
        for (int i = 0; i < g.size; i++) {
            check(file, g, g.links0, i * (g.maxM0 + 1), g.maxM0, i, 0);
            for (int l = 1; l <= g.levels[i]; l++) {
                check(file, g, g.upper[i], (l - 1) * (g.m + 1), g.m, i, l);
            }
        }
    }

    private static void check(Path file, HnswGraph g, int[] a, int b, int max, int node, int level) throws IOException {
        int count = a[b];
        if (count < 0 || count > max) {
            throw bad(file, "node " + node + " has " + count + " links on layer " + level + ", at most " + max + " allowed");
        }
        for (int i = 1; i <= count; i++) {
            int nb = a[b + i];
            if (nb < 0 || nb >= g.size || g.levels[nb] < level) {
                throw bad(file, "node " + node + " links to " + nb + " on layer " + level + ", which is not a node there");
            }
        }
    }

    static long vectorsCrc(float[] v) {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; ) {
            buf.clear();
            int k = Math.min(v.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, i, k);
            crc.update(buf.array(), 0, 4 * k);
            i += k;
        }
        return crc.getValue();
    }

    private static void writeInts(DataOutputStream out, int[] a, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; ) {
            buf.clear();
            int k = Math.min(n - i, buf.capacity() / 4);
            buf.asIntBuffer().put(a, i, k);
            out.write(buf.array(), 0, 4 * k);
            i += k;
        }
    }

    private static int[] readInts(DataInputStream in, int n) throws IOException {
        int[] a = new int[n];
        readInto(in, a);
        return a;
    }

    private static void readInto(DataInputStream in, int[] a) throws IOException {
        byte[] bytes = new byte[1 << 16];
        for (int i = 0; i < a.length; ) {
            int k = Math.min(a.length - i, bytes.length / 4);
            in.readFully(bytes, 0, 4 * k);
            ByteBuffer.wrap(bytes, 0, 4 * k).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(a, i, k);
            i += k;
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException("HNSW index " + file + ": " + what);
    }
}
