package org.distill4ads.transformer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * A small builder of an ONNX graph (ONNX's protobuf classes, which nd4j-api carries): float32
 * initializers from arrays, int64 constants, nodes with generated output names, and graph inputs
 * and outputs with named (dynamic) or fixed dimensions.
 */
final class OnnxGraph {
    /** The operator set the exported graphs use (LayerNormalization needs 17). */
    static final int OPSET = 17;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float32 initializer named {@code name} with the values of {@code a}. */
    String weight(String name, INDArray a) {
        unique(name);
        float[] v = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(b.array()));
        for (long d : a.shape()) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant (a vector, or a scalar when {@code scalar}). */
    String longs(boolean scalar, long... values) {
        String name = "const_" + counter++;
        unique(name);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64.getNumber());
        if (!scalar) {
            t.addDims(values.length);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A float32 scalar constant. */
    String scalar(float value) {
        String name = "const_" + counter++;
        unique(name);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber()).addFloatData(value));
        return name;
    }

    /** A node {@code op} named {@code name} over {@code inputs}; returns its (one) output. */
    String node(String op, String name, String[] inputs, Onnx.AttributeProto... attributes) {
        String out = name + ":0";
        unique(out);
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (Onnx.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /** A node with a generated name. */
    String op(String op, String... inputs) {
        return node(op, "/" + op + "_" + counter++, inputs);
    }

    /** A node with a generated name and attributes. */
    String op(String op, String[] inputs, Onnx.AttributeProto... attributes) {
        return node(op, "/" + op + "_" + counter++, inputs, attributes);
    }

    /** A node writing the graph output {@code output}. */
    void output(String op, String output, String[] inputs, Onnx.AttributeProto... attributes) {
        unique(output);
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName("/" + output).addOutput(output);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (Onnx.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    static Onnx.AttributeProto attr(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    static Onnx.AttributeProto attr(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static Onnx.AttributeProto attr(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    /** A graph input; a dimension is a name (dynamic: "batch", "sequence") or a number. */
    void input(String name, Onnx.TensorProto.DataType type, Object... dims) {
        unique(name);
        graph.addInput(valueInfo(name, type, dims));
    }

    void declareOutput(String name, Onnx.TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Onnx.TensorProto.DataType type, Object... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private void unique(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX value name used twice: " + name);
        }
    }

    Onnx.ModelProto model(String docString) {
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("distill4ads").setDocString(docString)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }
}
