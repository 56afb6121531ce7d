package org.distill4ads.distill.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.eval.Agreement;
import org.distill4ads.distill.eval.SystemItems;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * What stage 4 measured, as written to {@code evaluation/results.json}: the figures of every
 * system, the students' agreement with the teacher, sample recommendations and how the run went.
 *
 * @param source        where the data came from
 * @param judge         the judge that labelled and evaluated
 * @param threshold     the relevance filter's threshold (cross-encoder probability)
 * @param heldOutItems  items evaluated
 * @param systems       one row per system and Matryoshka size
 * @param agreements    student–teacher correlations per student and size
 * @param samples       recommendations of a few held-out items by the paper's system (or the first student)
 * @param stageSeconds  wall time of each stage run in this process
 * @param perItem       each system's figures per held-out item, for the bootstrap intervals (null in
 *                      results written before they were kept)
 * @param assistantAuc  the assistant's AUC against the truth on the held-out candidate pairs, or
 *                      null (truth unknown, or results written before it was kept)
 */
public record EvaluationResults(String source, String judge, double threshold, int heldOutItems,
                                List<SystemMetrics> systems, List<Agreement> agreements, List<Sample> samples,
                                Map<String, Double> stageSeconds, List<SystemItems> perItem, AssistantAuc assistantAuc) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Results without the assistant's AUC. */
    public EvaluationResults(String source, String judge, double threshold, int heldOutItems, List<SystemMetrics> systems,
                             List<Agreement> agreements, List<Sample> samples, Map<String, Double> stageSeconds,
                             List<SystemItems> perItem) {
        this(source, judge, threshold, heldOutItems, systems, agreements, samples, stageSeconds, perItem, null);
    }

    /**
     * The assistant's ROC AUC against the truth.
     *
     * @param auc        the probability that a positive pair scores above a negative one, ties one half
     * @param pairs      the held-out candidate pairs scored (the held-out items' best BM25 matches and random keyphrases)
     * @param positives  how many of them are positive
     * @param definition what counts as positive, in words
     */
    public record AssistantAuc(double auc, int pairs, int positives, String definition) {
        /** The definition the pipeline uses: grade 2 of the truth. */
        public static final String GRADE_2 = "positive = grade 2 of the truth (an exact match, the only grade the simulated"
                + " judge calls relevant); grades 0 and 1 negative";
    }

    /** A kept recommendation: keyphrase, similarity, filter probability, truth grade (-1 unknown). */
    public record Kept(String keyphrase, double similarity, double relevance, int grade) {
    }

    /** A dropped candidate and why: DUPLICATE (of {@code duplicateOf}) or FILTERED. */
    public record Dropped(String keyphrase, String reason, String duplicateOf, double similarity, double relevance, int grade) {
    }

    public record Sample(String system, String itemId, String item, List<Kept> kept, List<Dropped> dropped) {
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this));
    }

    public static EvaluationResults read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), EvaluationResults.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable evaluation result (" + e.getMessage() + ")", e);
        }
    }

    /** The row of a system, e.g. {@code pearson@32}, or null. */
    public SystemMetrics system(String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }
}
