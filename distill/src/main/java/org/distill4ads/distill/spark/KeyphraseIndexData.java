package org.distill4ads.distill.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.retrieval.EmbeddingStore;

/**
 * The keyphrase index as a Spark broadcast value: the bytes of a {@code keyphrases.index} file
 * (docs/formats.md), checked on the driver, loaded again on each executor with the same
 * {@link EmbeddingStore#load} (its CRC checked there too), so every executor searches the very
 * rows the single-JVM recommender searches. About {@code 4·dim} bytes a keyphrase plus its text.
 */
public final class KeyphraseIndexData implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] file;
    private final int size;
    private final int dim;

    private KeyphraseIndexData(byte[] file, int size, int dim) {
        this.file = file;
        this.size = size;
        this.dim = dim;
    }

    /** Reads and checks {@code indexFile}; an index over 2 GB cannot be one broadcast array (shard it, docs/spark.md). */
    public static KeyphraseIndexData read(Path indexFile) throws IOException {
        long bytes = Files.size(indexFile);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(indexFile + " holds " + bytes + " bytes, more than one broadcast value can"
                    + " hold (2 GB); shard the keyphrase index (docs/spark.md)");
        }
        EmbeddingStore checked = EmbeddingStore.load(indexFile);
        return new KeyphraseIndexData(Files.readAllBytes(indexFile), checked.size(), checked.dim());
    }

    /** The store, loaded from the broadcast bytes through a temporary file that is deleted at once. */
    public EmbeddingStore load() {
        try {
            Path tmp = Files.createTempFile("distill4ads-keyphrases.", ".index");
            try {
                Files.write(tmp, file);
                return EmbeddingStore.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the broadcast keyphrase index", e);
        }
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /** The bytes broadcast to each executor. */
    public long bytes() {
        return file.length;
    }
}
