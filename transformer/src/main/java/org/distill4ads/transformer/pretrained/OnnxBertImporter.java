package org.distill4ads.transformer.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onnx.Onnx;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the weights of a BERT encoder exported to ONNX (for example by Hugging Face Optimum or
 * {@code torch.onnx.export}) into checkpoint-keyed arrays.
 *
 * <p>Exporters keep biases and LayerNorm parameters under their checkpoint names but store each
 * linear weight transposed ([in, out]) under a generated name such as {@code onnx::MatMul_787}.
 * The MatMul node that consumes such a weight is named after the layer
 * ({@code /encoder/layer.0/attention/self/query/MatMul}), which gives back the checkpoint key
 * ({@code encoder.layer.0.attention.self.query.weight}); the weight is transposed to [out, in].
 */
public final class OnnxBertImporter {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private OnnxBertImporter() {}

    /** Float32 weights by checkpoint key, read from an ONNX file. */
    public static Map<String, INDArray> readWeights(Path onnxFile) throws IOException {
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(onnxFile)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            throw new IOException("not a readable ONNX model: " + onnxFile + ": " + e.getMessage(), e);
        }
        Onnx.GraphProto graph = model.getGraph();
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2 && node.getName().endsWith("/MatMul")) {
                String path = node.getName().substring(0, node.getName().length() - "/MatMul".length());
                String key = path.replaceFirst("^/", "").replace('/', '.') + ".weight";
                renamed.put(node.getInput(1), key);
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT.getNumber()) {
                continue; // position ids and other integer constants are not weights
            }
            INDArray a = toArray(t, onnxFile);
            String key = renamed.get(t.getName());
            if (key != null) {
                out.put(key, a.transpose().dup('c'));
            } else if (!t.getName().startsWith("onnx::")) {
                out.put(t.getName(), a);
            }
        }
        if (!out.containsKey("embeddings.word_embeddings.weight")) {
            throw new IOException(onnxFile + " holds no 'embeddings.word_embeddings.weight': not a BERT encoder export");
        }
        return out;
    }

    /** The configuration implied by the weights; the head count is not stored in them. */
    public static BertConfig inferConfig(Map<String, INDArray> w, int heads, double layerNormEps) {
        long[] words = w.get("embeddings.word_embeddings.weight").shape();
        TreeSet<Integer> layers = new TreeSet<>();
        for (String k : w.keySet()) {
            Matcher m = LAYER.matcher(k);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        int intermediate = (int) w.get("encoder.layer.0.intermediate.dense.bias").length();
        return new BertConfig((int) words[0], (int) words[1], layers.size(), heads, intermediate,
                (int) w.get("embeddings.position_embeddings.weight").size(0),
                (int) w.get("embeddings.token_type_embeddings.weight").size(0), layerNormEps, 0.1, 0.1, 0.02);
    }

    /** A float32 encoder with the ONNX file's weights (strict: every tensor must match). */
    public static BertEncoder load(Path onnxFile, int heads, double layerNormEps) throws IOException {
        Map<String, INDArray> w = readWeights(onnxFile);
        BertEncoder enc = new BertEncoder(inferConfig(w, heads, layerNormEps), DataType.FLOAT, 0);
        Map<String, INDArray> own = new LinkedHashMap<>();
        enc.namedParameters().keySet().forEach(k -> {
            if (w.containsKey(k)) {
                own.put(k, w.get(k));
            }
        });
        enc.loadStateDict(own, true);
        return enc;
    }

    private static INDArray toArray(Onnx.TensorProto t, Path file) throws IOException {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] data = new float[Math.toIntExact(n)];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() != data.length * 4) {
                throw new IOException(file + ": initializer '" + t.getName() + "' has " + b.remaining()
                        + " bytes, expected " + data.length * 4 + " for shape " + java.util.Arrays.toString(shape));
            }
            b.asFloatBuffer().get(data);
        } else {
            if (t.getFloatDataCount() != data.length) {
                throw new IOException(file + ": initializer '" + t.getName() + "' has " + t.getFloatDataCount()
                        + " floats, expected " + data.length);
            }
            for (int i = 0; i < data.length; i++) {
                data[i] = t.getFloatData(i);
            }
        }
        INDArray flat = Nd4j.createFromArray(data);
        return shape.length == 0 ? flat : flat.reshape('c', shape);
    }
}
