package org.distill4ads.distill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void writesAReadablePngAtomically() throws Exception {
        Path png = dir.resolve("loss.png");
        Charts.line(png, "Training loss", "step", "loss", List.of(
                new Charts.Series("clicks", List.of(1.0, 2.0, 3.0), List.of(3.0, 2.0, 1.5)),
                new Charts.Series("pearson", List.of(1.0, 2.0, 3.0), List.of(0.9, 0.5, 0.2))), false, false, 800, 500);
        BufferedImage img = ImageIO.read(png.toFile());
        // 144 DPI doubles the 72-DPI pixel size
        assertEquals(1600, img.getWidth());
        assertEquals(1000, img.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void smoothingIsAMovingAverage() {
        assertEquals(List.of(1.0, 1.5, 2.5, 3.5), Charts.smooth(List.of(1.0, 2.0, 3.0, 4.0), 2));
    }

    @Test
    void mismatchedSeriesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Charts.Series("s", List.of(1.0), List.of()));
        assertTrue(e.getMessage().contains("'s'"));
    }
}
