package org.distill4ads.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of the hostile-input suite (docs/guarantees.md): safetensors files built by hand to break
 * the reader. Each is refused with an IOException naming the file and the bad value.
 */
class HostileSafeTensorsTest {
    @TempDir
    Path dir;

    private IOException refused(String header, byte[] data) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, SafeTensorsFormatTest.file(header, data));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e;
    }

    @Test
    void aShapeWhoseByteCountWrapsPast2To63IsRefused() throws IOException {
        // 2^32 * 2^32 elements: the element count itself overflows a long
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", new byte[0]);
        assertTrue(e.getMessage().contains("[4294967296,4294967296]"), e.getMessage());
        assertTrue(e.getMessage().contains("64-bit"), e.getMessage());
        // 2^61 F32 elements: the count fits, the byte count (x4) does not
        IOException bytes = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}", new byte[0]);
        assertTrue(bytes.getMessage().contains("64-bit"), bytes.getMessage());
    }

    @Test
    void moreElementsThanOneArrayHoldsIsRefusedBeforeReading() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", new byte[0]);
        assertTrue(e.getMessage().contains("4294967296 elements"), e.getMessage());
    }

    @Test
    void aFractionalDimensionIsRefused() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[400.5,32],\"data_offsets\":[0,51264]}}", new byte[51264]);
        assertTrue(e.getMessage().contains("400.5"), e.getMessage());
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void aFractionalOffsetIsRefused() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", new byte[4]);
        assertTrue(e.getMessage().contains("4.0"), e.getMessage());
    }

    @Test
    void trailingBytesAfterTheLastTensorAreRefused() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]);
        assertTrue(e.getMessage().contains("8 trailing bytes"), e.getMessage());
    }

    @Test
    void bytesBetweenTensorsAreRefused() throws IOException {
        IOException e = refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
        assertTrue(e.getMessage().contains("[4, 8)"), e.getMessage());
    }

    @Test
    void aFolderInPlaceOfTheFileIsNamed() throws IOException {
        Path d = Files.createDirectories(dir.resolve("model.safetensors"));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(d));
        assertEquals(d + " is a folder, expected a safetensors file", e.getMessage());
    }

    @Test
    void aWellFormedFileStillLoads() throws IOException {
        Path f = dir.resolve("ok.safetensors");
        Files.write(f, SafeTensorsFormatTest.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]));
        assertEquals(2, SafeTensors.load(f).get("w").length());
    }
}
