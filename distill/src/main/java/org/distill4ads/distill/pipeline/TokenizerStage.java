package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.util.List;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * Stage 1b, {@code tokenizer}: a WordPiece vocabulary learned from the item texts and the
 * keyphrases of the whole marketplace. Writes {@code tokenizer/}; both models use it.
 */
public final class TokenizerStage implements Stage {
    public static final String NAME = "tokenizer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of(DataStage.NAME);
    }

    /** A vocabulary of {@code size} pieces learned from the titles, categories and keyphrases. */
    public static WordPieceTokenizer learn(Marketplace m, int size) {
        return Models.learnTokenizer(m.items(), m.keyphrases(), size);
    }

    @Override
    public String run(RunContext context) throws IOException {
        WordPieceTokenizer t = learn(context.marketplace(), context.config().model().vocabulary());
        t.save(context.layout().tokenizer());
        return "WordPiece vocabulary of " + t.vocabSize() + " pieces";
    }
}
