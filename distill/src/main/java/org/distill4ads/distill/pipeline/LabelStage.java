package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.JudgePair;

/**
 * Stage 1a, {@code labels}: the judge (the LLM teacher) labels candidate pairs of the training
 * items — per item its best BM25 matches, random keyphrases and its clicked keyphrases, drawn with
 * {@link Seeds#labelDraw()}. On a human-judged set with the simulated judge, the judged pairs of the
 * training items instead ({@link #judgedPairs}). Writes {@code labels/judgments.tsv}.
 */
public final class LabelStage implements Stage {
    public static final String NAME = "labels";

    /**
     * What to label.
     *
     * @param items      the items whose pairs are drawn (the training items)
     * @param candidates the candidate sampler over the marketplace's keyphrases
     * @param fromBm25   best BM25 matches per item
     * @param random     random keyphrases per item
     * @param seeds      the run's seeds (the draw uses {@link Seeds#labelDraw()})
     * @param judge      the teacher
     */
    public record Input(List<Item> items, Candidates candidates, int fromBm25, int random, Seeds seeds, Judge judge) {
        public Input {
            if (fromBm25 < 0 || random < 0 || fromBm25 + random == 0) {
                throw new IllegalArgumentException("candidate counts must be >= 0 and not both 0, got " + fromBm25 + " and " + random);
            }
        }
    }

    /** Told how many of the drawn pairs are labelled so far (first with 0, before the judge starts). */
    public interface Listener {
        void judged(int done, int total);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of(DataStage.NAME);
    }

    /**
     * The drawn pairs, labelled by the judge, in draw order. The judge gets all pairs in one call,
     * so its workers share one queue and one slow reply holds only one worker.
     */
    public static List<Judgment> label(Input in, Listener listener) throws IOException {
        List<JudgePair> pairs = in.candidates().draw(in.items(), in.fromBm25(), in.random(), in.seeds().labelDraw());
        listener.judged(0, pairs.size());
        return in.judge().judge(pairs, done -> listener.judged(done, pairs.size()));
    }

    /**
     * The judged pairs of these items, items in order and each item's queries sorted: what the
     * simulated judge labels on a human-judged set, whose unjudged pairs are unknown rather than
     * irrelevant (a simulated judge would call them irrelevant).
     */
    public static List<JudgePair> judgedPairs(List<Item> items, Truth truth) {
        List<JudgePair> pairs = new ArrayList<>();
        for (Item item : items) {
            new TreeSet<>(truth.gradesOf(item.id()).keySet()).forEach(k -> pairs.add(new JudgePair(item, k)));
        }
        return pairs;
    }

    @Override
    public String run(RunContext context) throws IOException {
        PipelineConfig.Sampling s = context.config().sampling();
        List<Judgment> labels;
        if (context.source().sparseTruth() && context.simulatedJudge()) {
            labels = context.judge().judge(judgedPairs(context.split().train(), context.marketplace().truth()), done -> { });
        } else {
            labels = label(new Input(context.split().train(), context.candidates(), s.labelCandidates(), s.labelRandom(),
                    context.seeds(), context.judge()), (done, total) -> { });
        }
        DataFiles.writeJudgments(context.layout().judgments(), labels);
        long relevant = labels.stream().filter(Judgment::relevant).count();
        return labels.size() + " pairs judged by " + context.judge().describe() + ", " + relevant + " relevant";
    }
}
