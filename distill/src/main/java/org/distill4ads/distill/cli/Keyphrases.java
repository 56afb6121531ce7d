package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.pipeline.IndexStage;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/** Loading keyphrases and bi-encoders, and embedding keyphrases into an {@link EmbeddingStore}. */
final class Keyphrases {
    private Keyphrases() {
    }

    /** The distinct keyphrase texts of a keyphrases file (.tsv or .jsonl), in file order. */
    static List<String> read(Path file) throws IOException {
        CliFiles.requireFile(file, "a keyphrases file (.tsv or .jsonl with keyphrase, search_volume)");
        return distinct(DataFiles.readKeyphrases(file));
    }

    static List<String> distinct(List<Keyphrase> keyphrases) {
        return IndexStage.distinct(keyphrases);
    }

    /** A saved bi-encoder, in evaluation mode. */
    static BiEncoder loadStudent(Path dir) throws IOException {
        CliFiles.requireDir(dir, "a bi-encoder model folder");
        BiEncoder model = ModelFiles.loadBiEncoder(dir, WordPieceTokenizer::load);
        model.eval();
        return model;
    }

    /** The keyphrases embedded at the model's full width by its keyphrase side, stamped with its fingerprint ({@link IndexStage}). */
    static EmbeddingStore embed(BiEncoder model, List<String> texts) {
        return IndexStage.build(model, texts);
    }
}
