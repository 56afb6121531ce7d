package org.distill4ads.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the safetensors format, so weights move to and from the Python ecosystem.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data section) plus an optional {@code "__metadata__"} string map, padded with
 * spaces to a multiple of 8; then the raw little-endian, row-major tensor bytes.
 *
 * <p>Writes F32, F64, I64 and I32 (the array's own type; other types are written as F32), in the
 * map's order, to a temporary file that is then renamed. Reads F32, F64, F16, BF16 (converted to
 * float32), I64 and I32. Every inconsistency of a file is reported with the file's name: among them
 * fractional or negative dimensions, element counts that overflow, tensors that overlap or leave
 * bytes between them, and trailing bytes after the last tensor.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** Tensors and metadata read from one file, in the file's data order. */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {}

    public static void save(Path file, Map<String, INDArray> tensors) throws IOException {
        save(file, tensors, Map.of());
    }

    public static void save(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("'" + METADATA + "' is reserved and cannot name a tensor");
            }
            INDArray a = e.getValue();
            String dtype = dtypeName(a.dataType());
            byte[] bytes = encode(a, dtype);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", dtype);
            ArrayNode shape = entry.putArray("shape");
            for (long s : a.shape()) {
                shape.add(s);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes.length);
            offset += bytes.length;
            blobs.add(bytes);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(head);
                for (byte[] b : blobs) {
                    out.write(b);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The tensors of a file, by name, in data order. */
    public static Map<String, INDArray> load(Path file) throws IOException {
        return read(file).tensors();
    }

    public static Contents read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, expected a safetensors file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            if (n <= 0 || n > MAX_HEADER || n > size - 8) {
                throw corrupt(file, "header length " + Long.toUnsignedString(n) + " does not fit the file of " + size + " bytes");
            }
            ByteBuffer headBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headBuf.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw corrupt(file, "header is not valid JSON: " + e.getMessage());
            }
            if (header == null || !header.isObject()) {
                throw corrupt(file, "header is not a JSON object");
            }
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Object[]> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals(METADATA)) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                entries.add(parseEntry(file, f.getKey(), f.getValue(), dataSize));
            }
            entries.sort((a, b) -> Long.compare((long) a[3], (long) b[3]));
            long prevEnd = 0;
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Object[] e : entries) {
                String name = (String) e[0];
                long begin = (long) e[3];
                long end = (long) e[4];
                if (begin < prevEnd) {
                    throw corrupt(file, "tensor '" + name + "' overlaps the previous tensor (offset " + begin + " < " + prevEnd + ")");
                }
                if (begin > prevEnd) {
                    throw corrupt(file, "bytes [" + prevEnd + ", " + begin + ") before tensor '" + name + "' belong to no tensor");
                }
                prevEnd = end;
                ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + begin);
                data.flip();
                tensors.put(name, decode((String) e[1], (long[]) e[2], data));
            }
            if (prevEnd != dataSize) {
                throw corrupt(file, (dataSize - prevEnd) + " trailing bytes after the last tensor (data section of " + dataSize
                        + " bytes, tensors end at " + prevEnd + ")");
            }
            return new Contents(tensors, metadata);
        }
    }

    private static Object[] parseEntry(Path file, String name, JsonNode node, long dataSize) throws IOException {
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsets == null || !shapeNode.isArray()
                || !offsets.isArray() || offsets.size() != 2) {
            throw corrupt(file, "tensor '" + name + "' needs dtype, shape and two data_offsets");
        }
        String dtype = dtypeNode.asText();
        int width = width(dtype);
        if (width < 0) {
            throw corrupt(file, "tensor '" + name + "' has unsupported dtype " + dtype
                    + " (supported: F32, F64, F16, BF16, I64, I32)");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong()) {
                throw corrupt(file, "tensor '" + name + "' has dimension " + d + " in shape " + shapeNode + ", expected a whole number");
            }
            shape[i] = d.asLong();
            if (shape[i] < 0) {
                throw corrupt(file, "tensor '" + name + "' has a negative dimension in shape " + shapeNode);
            }
            try {
                count = Math.multiplyExact(count, shape[i]);
                Math.multiplyExact(count, (long) width);
            } catch (ArithmeticException e) {
                throw corrupt(file, "tensor '" + name + "' of shape " + shapeNode + " has more elements than a 64-bit byte count holds");
            }
        }
        if (count > Integer.MAX_VALUE) {
            throw corrupt(file, "tensor '" + name + "' of shape " + shapeNode + " has " + count + " elements, more than "
                    + Integer.MAX_VALUE + " (the most one tensor may hold here)");
        }
        for (JsonNode o : offsets) {
            if (!o.isIntegralNumber() || !o.canConvertToLong()) {
                throw corrupt(file, "tensor '" + name + "' has data offset " + o + ", expected a whole number");
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw corrupt(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] outside the data section of " + dataSize + " bytes (file truncated?)");
        }
        if (end - begin != count * width) {
            throw corrupt(file, "tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + count * width + " bytes but its offsets span " + (end - begin));
        }
        return new Object[] {name, dtype, shape, begin, end};
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += r;
        }
    }

    private static IOException corrupt(Path file, String what) {
        return new IOException("corrupt safetensors file " + file + ": " + what);
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            default -> -1;
        };
    }

    private static String dtypeName(DataType t) {
        return switch (t) {
            case DOUBLE -> "F64";
            case LONG -> "I64";
            case INT -> "I32";
            default -> "F32";
        };
    }

    private static byte[] encode(INDArray a, String dtype) {
        INDArray c = a.dup('c');
        int n = (int) c.length();
        ByteBuffer b = ByteBuffer.allocate(n * width(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "F64" -> b.asDoubleBuffer().put(c.data().asDouble());
            case "I64" -> b.asLongBuffer().put(c.data().asLong());
            case "I32" -> b.asIntBuffer().put(c.data().asInt());
            default -> b.asFloatBuffer().put(c.castTo(DataType.FLOAT).data().asFloat());
        }
        return b.array();
    }

    private static INDArray decode(String dtype, long[] shape, ByteBuffer data) {
        int n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, (int) s);
        }
        INDArray flat;
        switch (dtype) {
            case "F64" -> {
                double[] d = new double[n];
                data.asDoubleBuffer().get(d);
                flat = Nd4j.createFromArray(d);
            }
            case "I64" -> {
                long[] d = new long[n];
                data.asLongBuffer().get(d);
                flat = Nd4j.createFromArray(d);
            }
            case "I32" -> {
                int[] d = new int[n];
                data.asIntBuffer().get(d);
                flat = Nd4j.createFromArray(d);
            }
            case "F16", "BF16" -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    int bits = data.getShort() & 0xFFFF;
                    d[i] = dtype.equals("BF16") ? Float.intBitsToFloat(bits << 16) : halfToFloat(bits);
                }
                flat = Nd4j.createFromArray(d);
            }
            default -> {
                float[] d = new float[n];
                data.asFloatBuffer().get(d);
                flat = Nd4j.createFromArray(d);
            }
        }
        return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
    }

    /** IEEE 754 binary16 to float32, including subnormals, infinities and NaN. */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }
}
