package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.text.BertNormalizer;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.distill4ads.transformer.text.WordPieceVocabLearner;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the pipeline's tokenizer and fresh models from a {@link PipelineConfig.ModelSize}. */
public final class Models {
    private Models() {
    }

    /** A WordPiece vocabulary learned from the item texts and the keyphrases. */
    public static WordPieceTokenizer learnTokenizer(List<Item> items, List<Keyphrase> keyphrases, int size) {
        List<String> corpus = new ArrayList<>();
        for (Item item : items) {
            corpus.add(item.title());
            corpus.add(item.category());
        }
        for (Keyphrase k : keyphrases) {
            corpus.add(k.text());
        }
        List<String> vocab = new WordPieceVocabLearner(BertNormalizer.uncased()).learn(corpus, size);
        return WordPieceTokenizer.uncased(vocab);
    }

    static BertConfig encoderConfig(WordPieceTokenizer tokenizer, PipelineConfig.ModelSize size, int maxPositions) {
        return BertConfig.small(tokenizer.vocabSize(), size.hidden(), size.layers(), size.heads(), maxPositions);
    }

    /** The assistant: a cross-encoder reading "item text [SEP] keyphrase" pairs of up to twice the text length. */
    public static CrossEncoder crossEncoder(WordPieceTokenizer tokenizer, PipelineConfig.ModelSize size, long seed) {
        int pairLength = 2 * size.maxLength();
        BertEncoder encoder = new BertEncoder(encoderConfig(tokenizer, size, pairLength), DataType.FLOAT, seed);
        return new CrossEncoder(encoder, tokenizer, pairLength, seed);
    }

    /** The student: a siamese bi-encoder, mean pooling, Matryoshka sizes {@code dims}. */
    public static BiEncoder student(WordPieceTokenizer tokenizer, PipelineConfig.ModelSize size, int[] dims, long seed) {
        if (dims[0] != size.hidden()) {
            throw new IllegalArgumentException("the first Matryoshka size must be the model width " + size.hidden()
                    + ", got " + dims[0]);
        }
        BertEncoder encoder = new BertEncoder(encoderConfig(tokenizer, size, size.maxLength()), DataType.FLOAT, seed);
        return new BiEncoder(encoder, tokenizer, new BiEncoder.Settings(Pooling.MEAN, 0, dims, size.maxLength()), seed);
    }
}
