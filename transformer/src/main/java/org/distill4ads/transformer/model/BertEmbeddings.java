package org.distill4ads.transformer.model;

import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Dropout;
import org.distill4ads.nn.module.Embedding;
import org.distill4ads.nn.module.Init;
import org.distill4ads.nn.module.LayerNorm;
import org.distill4ads.nn.module.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Word + position + token-type embeddings, then LayerNorm and dropout ({@code embeddings.*}). */
final class BertEmbeddings extends Module {
    private final Embedding words;
    private final Embedding positions;
    private final Embedding types;
    private final LayerNorm norm;
    private final Dropout dropout;
    private final BertConfig config;

    BertEmbeddings(BertConfig c, DataType type, long seed) {
        this.config = c;
        words = registerModule("word_embeddings", new Embedding(c.vocabSize(), c.hidden(), type, c.initializerRange(), Init.derive(seed, "word_embeddings")));
        positions = registerModule("position_embeddings", new Embedding(c.maxPositions(), c.hidden(), type, c.initializerRange(), Init.derive(seed, "position_embeddings")));
        types = registerModule("token_type_embeddings", new Embedding(c.typeVocabSize(), c.hidden(), type, c.initializerRange(), Init.derive(seed, "token_type_embeddings")));
        norm = registerModule("LayerNorm", new LayerNorm(c.hidden(), c.layerNormEps(), type));
        dropout = registerModule("dropout", new Dropout(c.hiddenDropout(), Init.derive(seed, "dropout")));
    }

    Embedding words() {
        return words;
    }

    /** ids, typeIds: [B, T] integer arrays. Returns [B, T, H]. */
    Tensor forward(INDArray ids, INDArray typeIds) {
        long t = ids.size(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds max_position_embeddings " + config.maxPositions());
        }
        INDArray pos = Nd4j.arange(0, t).castTo(DataType.INT).reshape(1, t);  // [1, T]
        Tensor x = words.forward(ids)                                         // [B, T, H]
                .add(positions.forward(pos))                                  // [1, T, H] broadcast
                .add(types.forward(typeIds));                                 // [B, T, H]
        return dropout.forward(norm.forward(x));
    }
}
