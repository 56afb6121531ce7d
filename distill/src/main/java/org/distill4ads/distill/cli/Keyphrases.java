package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.TextEmbedder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/** Loading keyphrases and bi-encoders, and embedding keyphrases into an {@link EmbeddingStore}. */
final class Keyphrases {
    private static final int BATCH = 256;

    private Keyphrases() {
    }

    /** The distinct keyphrase texts of a keyphrases file (.tsv or .jsonl), in file order. */
    static List<String> read(Path file) throws IOException {
        CliFiles.requireFile(file, "a keyphrases file (.tsv or .jsonl with keyphrase, search_volume)");
        return distinct(DataFiles.readKeyphrases(file));
    }

    static List<String> distinct(List<Keyphrase> keyphrases) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        keyphrases.forEach(k -> texts.add(k.text()));
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no keyphrases to index");
        }
        return new ArrayList<>(texts);
    }

    /** A saved bi-encoder, in evaluation mode. */
    static BiEncoder loadStudent(Path dir) throws IOException {
        CliFiles.requireDir(dir, "a bi-encoder model folder");
        BiEncoder model = ModelFiles.loadBiEncoder(dir, WordPieceTokenizer::load);
        model.eval();
        return model;
    }

    /** The keyphrases embedded at the model's full width by its keyphrase side, in batches, stamped with the model's fingerprint. */
    static EmbeddingStore embed(BiEncoder model, List<String> texts) {
        TextEmbedder embedder = model.keyphraseEmbedder();
        float[][] rows = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + BATCH));
            float[][] e = embedder.embed(chunk, embedder.dimension());
            System.arraycopy(e, 0, rows, from, e.length);
        }
        return EmbeddingStore.of(texts, rows, model.fingerprint());
    }
}
