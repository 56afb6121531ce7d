package org.distill4ads.transformer.pretrained;

import java.io.IOException;
import java.nio.file.Path;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * Starts models from pretrained BERT weights in an ONNX export plus its {@code tokenizer.json},
 * for example sentence-transformers' all-MiniLM-L6-v2 (12 heads, LayerNorm epsilon 1e-12).
 * The cross-encoder's classification head starts from a seeded random initialization.
 */
public final class Pretrained {
    private Pretrained() {}

    public static BiEncoder biEncoder(Path onnx, Path tokenizerJson, int heads, BiEncoder.Settings settings, long seed)
            throws IOException {
        BertEncoder encoder = OnnxBertImporter.load(onnx, heads, 1e-12);
        return new BiEncoder(encoder, WordPieceTokenizer.fromTokenizerJson(tokenizerJson), settings, seed);
    }

    public static CrossEncoder crossEncoder(Path onnx, Path tokenizerJson, int heads, int maxLength, long seed)
            throws IOException {
        BertEncoder encoder = OnnxBertImporter.load(onnx, heads, 1e-12);
        return new CrossEncoder(encoder, WordPieceTokenizer.fromTokenizerJson(tokenizerJson), maxLength, seed);
    }
}
