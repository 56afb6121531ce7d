package org.distill4ads.transformer.model;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Embedding;
import org.distill4ads.nn.module.Init;
import org.distill4ads.nn.module.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A BERT encoder: embeddings then {@code layers} transformer blocks; output [B, T, H].
 * Parameter names are Hugging Face's ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.0.attention.self.query.weight}, ...).
 */
public final class BertEncoder extends Module {
    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> blocks = new ArrayList<>();

    public BertEncoder(BertConfig config, DataType type, long seed) {
        this.config = config;
        this.embeddings = registerModule("embeddings", new BertEmbeddings(config, type, Init.derive(seed, "embeddings")));
        BertLayer.Group encoder = registerModule("encoder", new BertLayer.Group());
        BertLayer.Group layer = encoder.add("layer", new BertLayer.Group());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(layer.add(Integer.toString(i), new BertLayer(config, type, Init.derive(seed, "encoder.layer." + i))));
        }
    }

    /**
     * ids, typeIds, mask: [B, T] integer arrays (mask 1 for tokens, 0 for padding). Returns the
     * last hidden state [B, T, H]; positions where mask is 0 hold values that carry no meaning.
     */
    public Tensor forward(INDArray ids, INDArray typeIds, INDArray mask) {
        Tensor x = embeddings.forward(ids, typeIds);   // [B, T, H]
        for (BertLayer block : blocks) {
            x = block.forward(x, mask);                // [B, T, H]
        }
        return x;
    }

    /** The word-embedding table ({@code embeddings.word_embeddings}), e.g. to {@linkplain Embedding#freeze() freeze} it. */
    public Embedding wordEmbeddings() {
        return embeddings.words();
    }

    /** The data type of the weights (float32, or float64 for gradient checks). */
    public DataType dataType() {
        return namedParameters().values().iterator().next().dataType();
    }

    public BertConfig config() {
        return config;
    }
}
