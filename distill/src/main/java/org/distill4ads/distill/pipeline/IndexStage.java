package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.eval.EvaluationProtocol;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.BiEncoder;

/**
 * The index arrow: a student's keyphrase side embeds the keyphrases at its full width into an
 * {@link EmbeddingStore}, searched at any of the student's Matryoshka sizes. The {@code index} and
 * {@code export} commands write it to a file; the {@link EvaluationStage} builds the same index in
 * memory for every student (through {@link EvaluationProtocol#index}, the one embedding loop).
 */
public final class IndexStage {
    private IndexStage() {
    }

    /** The distinct keyphrase texts, in order; fails on an empty list. */
    public static List<String> distinct(List<Keyphrase> keyphrases) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        keyphrases.forEach(k -> texts.add(k.text()));
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no keyphrases to index");
        }
        return new ArrayList<>(texts);
    }

    /** The keyphrases embedded by the student's keyphrase side at its full width. */
    public static EmbeddingStore build(BiEncoder student, List<String> texts) {
        return EvaluationProtocol.index(student.keyphraseEmbedder(), texts);
    }
}
