package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * Where a pipeline run keeps its artifacts, and which stages are complete. A stage is complete
 * when its marker {@code stages/<name>.done} exists; the marker is written last, atomically, after
 * every artifact of the stage, so a crash in the middle leaves the stage to be redone.
 *
 * <pre>
 * run/
 *   config.json                 the configuration (a rerun must match it)
 *   data/                       items, keyphrases, clicks, relevance, truth (when known), held-out-items.txt
 *   labels/judgments.tsv        the judge's labels of the candidate pairs (stage 1)
 *   tokenizer/                  the WordPiece vocabulary learned from the data
 *   cross-encoder/              the assistant (HF-style model folder)
 *   teacher-scores.tsv          the assistant's scores of the distillation pairs (stage 2)
 *   students/&lt;variant&gt;/        the bi-encoders (stage 3)
 *   training/&lt;model&gt;/          metrics.jsonl and checkpoints of each training run
 *   evaluation/results.json     the evaluation protocol's figures (stage 4)
 *   ranking/                    a human-judged set only: results.json, table.md, held-out-queries.txt
 *   report.md, plots/           the report
 *   stages/&lt;stage&gt;.done        completion markers
 * </pre>
 */
public final class RunLayout {
    /** The entries of a run folder, as above: a folder holding anything else is not a run folder. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("config.json", "data", "labels", "tokenizer",
            "cross-encoder", "teacher-scores.tsv", "students", "training", "evaluation", "ranking", "report.md", "plots", "stages");

    /** The held-out item ids of a marketplace folder, one a line. */
    public static final String HELD_OUT_ITEMS = "held-out-items.txt";

    private final Path root;

    public RunLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path heldOutItems() {
        return data().resolve(HELD_OUT_ITEMS);
    }

    public Path judgments() {
        return root.resolve("labels").resolve("judgments.tsv");
    }

    public Path tokenizer() {
        return root.resolve("tokenizer");
    }

    public Path assistant() {
        return root.resolve("cross-encoder");
    }

    public Path teacherScores() {
        return root.resolve("teacher-scores.tsv");
    }

    public Path student(Variant v) {
        return root.resolve("students").resolve(v.id());
    }

    public Path training(String model) {
        return root.resolve("training").resolve(model);
    }

    public Path evaluation() {
        return root.resolve("evaluation").resolve("results.json");
    }

    public Path report() {
        return root.resolve("report.md");
    }

    public Path plots() {
        return root.resolve("plots");
    }

    private Path marker(String stage) {
        return root.resolve("stages").resolve(stage + ".done");
    }

    public boolean isDone(String stage) {
        return Files.isRegularFile(marker(stage));
    }

    /** Marks a stage complete, with a one-line summary of what it did. */
    public void markDone(String stage, String summary) throws IOException {
        AtomicFiles.writeString(marker(stage), summary + "\n");
    }

    /** Forgets that a stage is complete (its artifacts stay until it is rerun). */
    public void clear(String stage) throws IOException {
        Files.deleteIfExists(marker(stage));
    }
}
