package org.distill4ads.distill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;

/** What the commands read back from a pipeline run folder ({@link RunLayout}). */
final class RunFiles {
    /** The relevance filter's threshold when a run has no evaluation result to take it from. */
    static final float DEFAULT_THRESHOLD = 0.5f;

    private RunFiles() {
    }

    /** The layout of {@code dir}, which must be a run folder (it has config.json). */
    static RunLayout layout(Path dir) throws IOException {
        CliFiles.requireDir(dir, "a pipeline run folder");
        RunLayout layout = new RunLayout(dir);
        CliFiles.requireFile(layout.config(), "the run's configuration; is " + dir + " a pipeline run folder?");
        return layout;
    }

    /** The configuration and data source a run was made with, as its config.json records them. */
    record Stored(String source, PipelineConfig config) {
    }

    static Stored stored(RunLayout layout) throws IOException {
        Path file = layout.config();
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode source = root.get("source");
        JsonNode config = root.get("config");
        if (source == null || !source.isTextual() || config == null || !config.isObject()) {
            throw new IllegalArgumentException(file + ": expected {\"source\": \"...\", \"config\": {...}} as the pipeline writes it");
        }
        try {
            return new Stored(source.asText(), new ObjectMapper().treeToValue(config, PipelineConfig.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": cannot read the pipeline configuration: " + Failures.oneLine(e.getMessage()), e);
        }
    }

    /** The run's own data folder as a source whose description is the one config.json records. */
    static MarketplaceSource source(RunLayout layout, String describe) {
        return new MarketplaceSource() {
            @Override
            public Marketplace load() throws IOException {
                return MarketplaceFiles.read(layout.data());
            }

            @Override
            public String describe() {
                return describe;
            }
        };
    }

    /** The relevance filter's threshold of the run: from evaluation/results.json, else {@link #DEFAULT_THRESHOLD}. */
    static float threshold(RunLayout layout) throws IOException {
        if (Files.isRegularFile(layout.evaluation())) {
            return (float) EvaluationResults.read(layout.evaluation()).threshold();
        }
        return DEFAULT_THRESHOLD;
    }
}
