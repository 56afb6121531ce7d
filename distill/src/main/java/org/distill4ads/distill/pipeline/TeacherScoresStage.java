package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.eval.Batches;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * Stage 2, {@code teacher-scores}: the trained assistant scores the distillation pairs of the
 * training items (best BM25 matches, random and clicked keyphrases, drawn with
 * {@link Seeds#teacherDraw()}). Writes {@code teacher-scores.tsv}, the students' distillation targets.
 */
public final class TeacherScoresStage implements Stage {
    public static final String NAME = "teacher-scores";

    /**
     * @param assistant  the trained cross-encoder
     * @param items      the items whose pairs are drawn (the training items)
     * @param candidates the candidate sampler
     * @param fromBm25   best BM25 matches per item
     * @param random     random keyphrases per item
     */
    public record Input(CrossEncoder assistant, List<Item> items, Candidates candidates, int fromBm25, int random, Seeds seeds) {
        public Input {
            if (fromBm25 < 0 || random < 0 || fromBm25 + random == 0) {
                throw new IllegalArgumentException("candidate counts must be >= 0 and not both 0, got " + fromBm25 + " and " + random);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of(AssistantStage.NAME);
    }

    /** The drawn pairs with the assistant's probability, clamped to [0, 1], in draw order. */
    public static List<RelevanceScore> score(Input in) {
        List<JudgePair> pairs = in.candidates().draw(in.items(), in.fromBm25(), in.random(), in.seeds().teacherDraw());
        return score(in.assistant(), pairs, Batches.CROSS_ENCODER);
    }

    /**
     * {@code pairs} scored by {@code assistant} in batches of {@code batchSize}, in the assistant's
     * pair format ({@link JudgePair#texts}), each probability clamped to [0, 1], in order: this stage's
     * scores, and the Spark job's ({@code spark-score}) on each partition.
     */
    public static List<RelevanceScore> score(CrossEncoder assistant, List<JudgePair> pairs, int batchSize) {
        float[] p = assistant.predict(JudgePair.texts(pairs), batchSize);
        List<RelevanceScore> scores = new ArrayList<>(pairs.size());
        for (int i = 0; i < p.length; i++) {
            scores.add(new RelevanceScore(pairs.get(i).item().id(), pairs.get(i).keyphrase(), Math.min(1, Math.max(0, p[i]))));
        }
        return scores;
    }

    @Override
    public String run(RunContext context) throws IOException {
        PipelineConfig.Sampling s = context.config().sampling();
        List<RelevanceScore> scores = score(new Input(context.assistant(), context.split().train(), context.candidates(),
                s.distillCandidates(), s.distillRandom(), context.seeds()));
        DataFiles.writeRelevance(context.layout().teacherScores(), scores);
        return scores.size() + " pairs scored by the cross-encoder";
    }
}
