package org.distill4ads.transformer.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What the models need from a tokenizer: padded token batches for texts and for text pairs. */
public interface TextTokenizer {
    /** Each text as {@code [CLS] text [SEP]}, truncated to {@code maxLength}, padded to the longest. */
    TokenBatch encode(List<String> texts, int maxLength);

    /** Each pair as {@code [CLS] a [SEP] b [SEP]} with type ids 0/1, truncated longest-first. */
    TokenBatch encodePairs(List<String> firsts, List<String> seconds, int maxLength);

    int vocabSize();

    /** Writes what {@code load} of the same implementation needs into a model directory. */
    void save(Path directory) throws IOException;
}
