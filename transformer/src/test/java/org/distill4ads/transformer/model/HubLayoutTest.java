package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders in the Hugging Face Hub layout (no distill4ads.json): what they load as, and what they are refused for. */
class HubLayoutTest {
    @TempDir
    Path tmp;

    private Path copy(String fixture) throws Exception {
        Path to = tmp.resolve(fixture);
        AtomicFiles.copyTree(Path.of(HubLayoutTest.class.getResource("/interchange/" + fixture).toURI()), to);
        return to;
    }

    @Test
    void aPlainBertModelFolderLoadsWithMeanPoolingAtTheTablesLength() throws Exception {
        Path st = copy("hf-bi");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(st.resolve(f), plain.resolve(f));
        }
        BiEncoder m = ModelFiles.loadBiEncoder(plain, WordPieceTokenizer::load);
        assertEquals(Pooling.MEAN, m.settings().pooling());
        assertEquals(0, m.settings().projection());
        assertEquals(40, m.settings().maxLength()); // no length anywhere: max_position_embeddings (below 512)
        BiEncoder withSt = ModelFiles.loadBiEncoder(st, WordPieceTokenizer::load);
        assertEquals(withSt.encoder().stateDict(), m.encoder().stateDict());
    }

    @Test
    void aCrossEncoderFolderIsNoBiEncoderAndTheOtherWayRound() throws Exception {
        Path cross = copy("hf-cross");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(cross, WordPieceTokenizer::load));
        assertEquals(cross.resolve("config.json") + ": names BertForSequenceClassification, a cross-encoder; expected a bi-encoder (BertModel)",
                e.getMessage());
        Path bi = copy("hf-bi");
        IOException f = assertThrows(IOException.class, () -> ModelFiles.loadCrossEncoder(bi, WordPieceTokenizer::load));
        assertTrue(f.getMessage().contains("names BertModel, expected BertForSequenceClassification"), f.getMessage());
    }

    @Test
    void aClassifierWithTwoLabelsIsRefused() throws Exception {
        Path cross = copy("hf-cross");
        Path config = cross.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"0\": \"LABEL_0\"", "\"0\": \"LABEL_0\", \"1\": \"LABEL_1\""));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadCrossEncoder(cross, WordPieceTokenizer::load));
        assertEquals(config + ": num_labels is 2, expected 1 (one relevance logit)", e.getMessage());
    }

    @Test
    void sentenceTransformersModulesThisLibraryCannotRunAreRefusedByFile() throws Exception {
        Path st = copy("hf-bi");
        Path dense = st.resolve("2_Dense/config.json");
        Files.writeString(dense, Files.readString(dense).replace("torch.nn.modules.linear.Identity", "torch.nn.modules.activation.Tanh"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(st, WordPieceTokenizer::load));
        assertEquals(dense + ": activation_function 'torch.nn.modules.activation.Tanh', expected torch.nn.modules.linear.Identity (a linear projection)",
                e.getMessage());
        Path st2 = tmp.resolve("max");
        AtomicFiles.copyTree(Path.of(HubLayoutTest.class.getResource("/interchange/hf-bi").toURI()), st2);
        Path pooling = st2.resolve("1_Pooling/config.json");
        Files.writeString(pooling, Files.readString(pooling).replace("\"mean\"", "\"max\""));
        IOException p = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(st2, WordPieceTokenizer::load));
        assertEquals(pooling + ": pooling mode 'max', expected mean or cls (the poolings this library has)", p.getMessage());
    }

    @Test
    void aFolderWithoutConfigOrSettingsIsNoModel() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(empty, WordPieceTokenizer::load));
        assertEquals("not a model directory (no distill4ads.json and no config.json): " + empty, e.getMessage());
    }

    @Test
    void aSavedCrossEncoderWithoutThePoolerStaysOursAndReloads() throws Exception {
        CrossEncoder m = InterchangeFixtures.randomized(new CrossEncoder(new BertEncoder(InterchangeFixtures.config(),
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1), WordPieceTokenizer.uncased(InterchangeFixtures.VOCAB), 16, 1), 2);
        assertFalse(m.hasPooler());
        Path d = tmp.resolve("plain-cross");
        ModelFiles.save(m, d);
        // without Hugging Face's pooler the head has no transformers equivalent: the config says BertModel
        assertTrue(Files.readString(d.resolve("config.json")).contains("\"BertModel\""));
        CrossEncoder back = ModelFiles.loadCrossEncoder(d, WordPieceTokenizer::load);
        assertFalse(back.hasPooler());
        assertEquals(m.stateDict(), back.stateDict());
        Files.delete(d.resolve(ModelFiles.SETTINGS));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadCrossEncoder(d, WordPieceTokenizer::load));
        assertTrue(e.getMessage().contains("names BertModel, expected BertForSequenceClassification"), e.getMessage());
    }
}
