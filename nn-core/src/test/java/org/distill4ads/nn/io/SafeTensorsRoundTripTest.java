package org.distill4ads.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsValuesTypesShapesAndMetadata() throws IOException {
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("a.weight", Nd4j.createFromArray(new float[][] {{1.5f, -2f, 3f}, {4f, 5f, 6.25f}}));
        in.put("b", Nd4j.createFromArray(new double[] {Math.PI, -1e-300}));
        in.put("step", Nd4j.createFromArray(new long[] {42L}));
        in.put("scalar", Nd4j.scalar(DataType.FLOAT, 7f));
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, in, Map.of("format", "pt"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(in.keySet(), c.tensors().keySet());
        for (String k : in.keySet()) {
            INDArray a = in.get(k);
            INDArray b = c.tensors().get(k);
            assertEquals(a.dataType(), b.dataType(), k);
            assertArrayEquals(a.shape(), b.shape(), k);
            assertEquals(a, b, k);
        }
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void truncatedFileNamesTheFileAndTensor() throws IOException {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.save(f, Map.of("w", Nd4j.ones(DataType.FLOAT, 4, 4)));
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(cut));
        assertTrue(e.getMessage().contains("cut.safetensors") && e.getMessage().contains("'w'"), e.getMessage());
    }
}
