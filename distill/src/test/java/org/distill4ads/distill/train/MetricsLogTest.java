package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private static Map<String, Object> line(long step, double loss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("task", "clicks");
        m.put("loss", loss);
        return m;
    }

    @Test
    void writesJsonLinesAndResumingDropsStepsAfterTheCheckpoint() throws IOException {
        Path file = dir.resolve("run/metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(file, -1)) {
            for (long s = 1; s <= 5; s++) {
                log.write(line(s, 1.0 / s));
            }
            log.write(line(6, Double.NaN));
        }
        // A crash mid-line leaves a partial last line.
        Files.writeString(file, "{\"step\": 7, \"lo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (MetricsLog log = MetricsLog.open(file, 3)) {
            log.write(line(4, 0.2));
        }
        List<JsonNode> lines = MetricsLog.read(file);
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(n -> n.get("step").asLong()).toList());
        assertEquals(0.2, lines.get(3).get("loss").asDouble());
        assertEquals("clicks", lines.get(0).get("task").asText());
    }

    @Test
    void nonFiniteNumbersAreWrittenAsStrings() throws IOException {
        Path file = dir.resolve("m.jsonl");
        try (MetricsLog log = MetricsLog.open(file, -1)) {
            log.write(line(1, Double.POSITIVE_INFINITY));
        }
        assertTrue(Files.readString(file).contains("\"Infinity\""), Files.readString(file));
        assertTrue(Double.isInfinite(MetricsLog.read(file).get(0).get("loss").asDouble()));
    }

    @Test
    void aDamagedLineInTheMiddleIsReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"step\": 1}\n{oops\n{\"step\": 2}\n");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.open(file, 5));
        assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
    }
}
