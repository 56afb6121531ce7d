package org.distill4ads.distill.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.train.Evaluator;
import org.distill4ads.transformer.PairScorer;

/**
 * A held-out evaluation of a cross-encoder during training (a {@link Evaluator} for the
 * {@code Trainer}): it scores fixed validation pairs and returns the ROC {@link Auc} of the scores
 * against each set of binary labels it was given, under that set's name (e.g. {@code auc}
 * against the judge's labels, {@code auc_truth} against grade 2 of the truth). A label set with
 * no positive or no negative gives NaN.
 */
public final class PairAucEvaluator implements Evaluator {
    private final PairScorer scorer;
    private final List<String> firsts;
    private final List<String> seconds;
    private final Map<String, boolean[]> labels;

    /**
     * @param scorer  the model (in the trainer: the cross-encoder being trained)
     * @param firsts  the pairs' first texts (item texts)
     * @param seconds the pairs' second texts (keyphrases), as many
     * @param labels  metric name → one label per pair, at least one set
     */
    public PairAucEvaluator(PairScorer scorer, List<String> firsts, List<String> seconds, Map<String, boolean[]> labels) {
        if (firsts.size() != seconds.size() || firsts.isEmpty()) {
            throw new IllegalArgumentException("need as many first as second texts, at least one, got " + firsts.size()
                    + " and " + seconds.size());
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a pair AUC evaluator needs at least one set of labels");
        }
        labels.forEach((name, l) -> {
            if (l.length != firsts.size()) {
                throw new IllegalArgumentException("labels '" + name + "' has " + l.length + " values for " + firsts.size() + " pairs");
            }
        });
        this.scorer = scorer;
        this.firsts = List.copyOf(firsts);
        this.seconds = List.copyOf(seconds);
        this.labels = new LinkedHashMap<>(labels);
    }

    @Override
    public Map<String, Double> evaluate(long step) {
        float[] scores = scorer.score(firsts, seconds);
        Map<String, Double> out = new LinkedHashMap<>();
        labels.forEach((name, l) -> out.put(name, aucOrNaN(scores, l)));
        return out;
    }

    private static double aucOrNaN(float[] scores, boolean[] positive) {
        boolean pos = false;
        boolean neg = false;
        for (boolean b : positive) {
            pos |= b;
            neg |= !b;
        }
        return pos && neg ? Auc.of(scores, positive) : Double.NaN;
    }
}
