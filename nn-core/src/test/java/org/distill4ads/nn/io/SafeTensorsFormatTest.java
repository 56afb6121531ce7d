package org.distill4ads.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The byte layout of the safetensors specification, built by hand, against the writer and reader. */
class SafeTensorsFormatTest {
    @TempDir
    Path dir;

    static byte[] file(String header, byte[] data) throws IOException {
        int padded = (header.length() + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write((header + " ".repeat(padded - header.length())).getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        return out.toByteArray();
    }

    @Test
    void writerProducesTheSpecifiedBytes() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.createFromArray(new float[][] {{1f, 2f}, {3f, -0.5f}}));
        t.put("b", Nd4j.createFromArray(new float[] {0.25f}));
        Path f = dir.resolve("x.safetensors");
        SafeTensors.save(f, t);
        ByteBuffer data = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1f).putFloat(2f).putFloat(3f).putFloat(-0.5f).putFloat(0.25f);
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        assertArrayEquals(file(header, data.array()), Files.readAllBytes(f));
    }

    @Test
    void readsHalfPrecisionBuiltByHand() throws IOException {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800; BF16: 1.5 = 0x3FC0, -0.25 = 0xBE80
        ByteBuffer d = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800).putShort((short) 0x3FC0).putShort((short) 0xBE80);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}";
        Path f = dir.resolve("half.safetensors");
        Files.write(f, file(header, d.array()));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, c.tensors().get("h").toFloatVector());
        assertArrayEquals(new float[] {1.5f, -0.25f}, c.tensors().get("b").toFloatVector());
        assertEquals("pt", c.metadata().get("format"));
    }

    @Test
    void corruptFilesAreExplained() throws IOException {
        assertCorrupt(new byte[] {1, 2, 3}, "shorter than the 8-byte header length");
        assertCorrupt(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]), "outside the data section");
        assertCorrupt(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 12 bytes");
        assertCorrupt(file("{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "unsupported dtype Q4");
        assertCorrupt(file("{not json", new byte[0]), "not valid JSON");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlaps");
        byte[] huge = file("{}", new byte[0]);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertCorrupt(huge, "header length");
    }

    void assertCorrupt(byte[] bytes, String expected) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains(expected), e.getMessage());
    }
}
