package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.distill.loss.BinaryCrossEntropyLoss;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.optim.AdamW;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The assistant started from all-MiniLM-L6-v2, truncated to one layer (the artifact's 90 MB ONNX file). */
class PretrainedAssistantTest {
    @Test
    void oneTruncatedLayerFrozenWordsAndAHeadOfItsOwn() throws Exception {
        CrossEncoder model = Models.pretrainedCrossEncoder(PipelineConfig.AssistantModel.minilm(1, 24, Pooling.MEAN),
                new Seeds(42).assistantInit());
        assertEquals(1, model.encoder().config().layers());
        assertEquals(30522, model.tokenizer().vocabSize());
        assertEquals(384, model.encoder().config().hidden());
        assertEquals(Pooling.MEAN, model.pooling());
        assertTrue(model.encoder().wordEmbeddings().frozen());
        Map<String, org.distill4ads.nn.Tensor> params = model.namedParameters();
        assertTrue(params.keySet().stream().noneMatch(k -> k.contains("layer.1.")), params.keySet().toString());
        // MiniLM's word piece ids: "shoes" is one piece of the pretrained vocabulary
        assertEquals(List.of("running", "shoes"), ((org.distill4ads.transformer.text.WordPieceTokenizer) model.tokenizer())
                .tokenize("Running shoes"));

        INDArray words = model.encoder().wordEmbeddings().weight().value().dup();
        INDArray head = params.get("classifier.weight").value();
        for (int r = 0; r < 200; r++) {
            assertNotEquals(words.getRow(r), head.reshape(head.length()), "the head is not a row of the word embeddings");
        }
        INDArray query = params.get("bert.encoder.layer.0.attention.self.query.weight").value().dup();

        AdamW opt = new AdamW(params, 1e-3);
        model.train(true);
        List<CrossEncoder.Pair> pairs = List.of(PairText.of("Red running shoes | Footwear", "running shoes"),
                PairText.of("Brass table lamp | Lighting", "running shoes"));
        try (Tape t = Tape.open()) {
            new BinaryCrossEntropyLoss().compute(model.forward(pairs), Nd4j.createFromArray(1f, 0f)).backward();
        }
        opt.step();
        assertEquals(words, model.encoder().wordEmbeddings().weight().value(), "frozen word embeddings do not move");
        assertNotEquals(query, params.get("bert.encoder.layer.0.attention.self.query.weight").value());
    }

    @Test
    void refusesAFromScratchModelAndBadSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> Models.pretrainedCrossEncoder(PipelineConfig.AssistantModel.SCRATCH, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.AssistantModel.minilm(7, 32, Pooling.MEAN));
        assertTrue(e.getMessage().contains("1..6 layers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PipelineConfig.AssistantModel("bert-base", 2, 32, true, Pooling.CLS));
    }
}
