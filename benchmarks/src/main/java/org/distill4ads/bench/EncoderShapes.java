package org.distill4ads.bench;

import java.util.Random;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.TokenBatch;

/**
 * The encoder shapes the benchmarks share with the PyTorch peer script (benchmarks/peers/torch_peer.py):
 * "small" (vocab 8k, hidden 128, 2 layers, 4 heads, FFN 512) and "minilm" (vocab 30,522, hidden 384,
 * 6 layers, 12 heads, FFN 1536), no dropout; batches of 64 where rows 32-63 are padded from the
 * middle of the sequence on.
 */
final class EncoderShapes {
    static final int BATCH = 64;

    private EncoderShapes() {}

    static BertConfig config(String size) {
        return switch (size) {
            case "small" -> new BertConfig(8000, 128, 2, 4, 512, 512, 2, 1e-12, 0, 0, 0.02);
            case "minilm" -> new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0, 0, 0.02);
            default -> throw new IllegalArgumentException("size must be small or minilm, got " + size);
        };
    }

    /** Random ids (seeded); segment 1 from the middle on when {@code pairs}. */
    static TokenBatch batch(BertConfig c, int seq, long seed, boolean pairs) {
        int[][] ids = new int[BATCH][seq];
        int[][] types = new int[BATCH][seq];
        int[][] mask = new int[BATCH][seq];
        Random r = new Random(seed);
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < seq; j++) {
                ids[i][j] = r.nextInt(c.vocabSize());
                mask[i][j] = i >= BATCH / 2 && j >= seq / 2 ? 0 : 1;
                types[i][j] = pairs && j >= seq / 2 ? 1 : 0;
            }
        }
        return TokenBatch.of(ids, types, mask);
    }
}
