package org.distill4ads.transformer.model;

import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Dropout;
import org.distill4ads.nn.module.Init;
import org.distill4ads.nn.module.LayerNorm;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One post-LayerNorm transformer block ({@code encoder.layer.N.*}): masked multi-head
 * self-attention and a GELU feed-forward block, each with a residual connection.
 */
final class BertLayer extends Module {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout attentionDropout;
    private final Linear attentionOut;
    private final LayerNorm attentionNorm;
    private final Dropout attentionOutDropout;
    private final Linear intermediate;
    private final Linear output;
    private final LayerNorm outputNorm;
    private final Dropout outputDropout;
    private final int heads;

    BertLayer(BertConfig c, DataType type, long seed) {
        heads = c.heads();
        double std = c.initializerRange();
        Module attention = registerModule("attention", new Group());
        Group self = ((Group) attention).add("self", new Group());
        query = self.add("query", new Linear(c.hidden(), c.hidden(), true, type, std, Init.derive(seed, "attention.self.query")));
        key = self.add("key", new Linear(c.hidden(), c.hidden(), true, type, std, Init.derive(seed, "attention.self.key")));
        value = self.add("value", new Linear(c.hidden(), c.hidden(), true, type, std, Init.derive(seed, "attention.self.value")));
        attentionDropout = self.add("dropout", new Dropout(c.attentionDropout(), Init.derive(seed, "attention.self.dropout")));
        Group attOut = ((Group) attention).add("output", new Group());
        attentionOut = attOut.add("dense", new Linear(c.hidden(), c.hidden(), true, type, std, Init.derive(seed, "attention.output.dense")));
        attentionNorm = attOut.add("LayerNorm", new LayerNorm(c.hidden(), c.layerNormEps(), type));
        attentionOutDropout = attOut.add("dropout", new Dropout(c.hiddenDropout(), Init.derive(seed, "attention.output.dropout")));
        Group inter = registerModule("intermediate", new Group());
        intermediate = inter.add("dense", new Linear(c.hidden(), c.intermediate(), true, type, std, Init.derive(seed, "intermediate.dense")));
        Group out = registerModule("output", new Group());
        output = out.add("dense", new Linear(c.intermediate(), c.hidden(), true, type, std, Init.derive(seed, "output.dense")));
        outputNorm = out.add("LayerNorm", new LayerNorm(c.hidden(), c.layerNormEps(), type));
        outputDropout = out.add("dropout", new Dropout(c.hiddenDropout(), Init.derive(seed, "output.dropout")));
    }

    /** x: [B, T, H]; mask: [B, T] of 1 (token) / 0 (padding). Returns [B, T, H]. */
    Tensor forward(Tensor x, INDArray mask) {
        Tensor q = query.forward(x);                                    // [B, T, H]
        Tensor k = key.forward(x);                                      // [B, T, H]
        Tensor v = value.forward(x);                                    // [B, T, H]
        double p = attentionDropout.activeProbability();
        Tensor context = q.selfAttention(k, v, mask, heads, p, p > 0 ? attentionDropout.nextSeed() : 0L); // [B, T, H]
        Tensor attended = attentionNorm.forward(attentionOutDropout.forward(attentionOut.forward(context)), x);
        Tensor hidden = intermediate.forwardGelu(attended);             // [B, T, I]
        return outputNorm.forward(outputDropout.forward(output.forward(hidden)), attended);
    }

    /** A parameterless node that only gives its children a name level (attention.self.query). */
    static final class Group extends Module {
        <M extends Module> M add(String name, M child) {
            return registerModule(name, child);
        }
    }
}
