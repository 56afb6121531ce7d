package org.distill4ads.distill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a trainer's {@code metrics.jsonl}: the loss of every step, per task. */
public final class TrainingCurves {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCurves() {
    }

    /** Task name → {steps, losses}, in the order tasks first appear; evaluation lines are skipped. */
    public static Map<String, List<double[]>> read(Path metricsFile) throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (JsonNode n : lines(metricsFile)) {
            if (!n.has("task") || !n.has("loss") || n.path("skipped").asBoolean(false)) {
                continue;
            }
            out.computeIfAbsent(n.get("task").asText(), k -> new ArrayList<>())
                    .add(new double[] {n.get("step").asDouble(), n.get("loss").asDouble()});
        }
        return out;
    }

    /**
     * The evaluations during training: metric name → {step, value}, in the order metrics first
     * appear; non-finite values (a figure no validation query defines) are left out.
     */
    public static Map<String, List<double[]>> readEvaluations(Path metricsFile) throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (JsonNode n : lines(metricsFile)) {
            JsonNode eval = n.get("eval");
            if (eval == null || !eval.isObject()) {
                continue;
            }
            double step = n.get("step").asDouble();
            eval.fields().forEachRemaining(f -> {
                if (f.getValue().isNumber() && Double.isFinite(f.getValue().asDouble())) {
                    out.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(new double[] {step, f.getValue().asDouble()});
                }
            });
        }
        return out;
    }

    /** The file's non-blank lines as JSON, failing with file:line on one that is not JSON. */
    private static List<JsonNode> lines(Path metricsFile) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(metricsFile)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(text));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(metricsFile + ":" + line + ": not a JSON object (" + e.getOriginalMessage() + ")", e);
            }
        }
        return out;
    }

    /** The curves as chart series, smoothed over {@code window} of each task's steps. */
    public static List<Charts.Series> series(String prefix, Map<String, List<double[]>> curves, int window) {
        List<Charts.Series> out = new ArrayList<>();
        curves.forEach((task, points) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] p : points) {
                x.add(p[0]);
                y.add(p[1]);
            }
            out.add(new Charts.Series(prefix + task, x, Charts.smooth(y, window)));
        });
        return out;
    }
}
