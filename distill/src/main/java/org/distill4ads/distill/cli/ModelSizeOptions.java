package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.pipeline.Models;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import picocli.CommandLine.Option;

/** The encoder size and tokenizer options of the two training commands (defaults: {@link PipelineConfig#defaults()}). */
final class ModelSizeOptions {
    @Option(names = "--vocab", paramLabel = "N", description = "WordPiece vocabulary size to learn (default: ${DEFAULT-VALUE})")
    int vocabulary;

    @Option(names = "--hidden", paramLabel = "N", description = "hidden width (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", description = "transformer layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--heads", paramLabel = "N", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--max-length", paramLabel = "N", description = "tokens per text (a cross-encoder pair gets twice this) (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "reuse the tokenizer of this folder (vocab.txt, e.g. a model folder or a run's tokenizer/) instead of learning one; --vocab is then unused")
    Path tokenizer;

    PipelineConfig.ModelSize size() {
        return new PipelineConfig.ModelSize(vocabulary, hidden, layers, heads, maxLength);
    }

    /** The tokenizer of {@code --tokenizer}, or one learned from the items and keyphrases as the pipeline does. */
    WordPieceTokenizer tokenizer(Marketplace m) throws IOException {
        if (tokenizer != null) {
            CliFiles.requireDir(tokenizer, "a tokenizer folder with vocab.txt");
            CliFiles.requireFile(tokenizer.resolve(WordPieceTokenizer.VOCAB_FILE), "the tokenizer's vocabulary");
            return WordPieceTokenizer.load(tokenizer);
        }
        return Models.learnTokenizer(m.items(), m.keyphrases(), vocabulary);
    }
}
