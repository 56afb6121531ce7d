package org.distill4ads.distill.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.JudgePair;

/**
 * The simulated LLM judge: answers from the truth (relevant when the grade is at least
 * {@link Truth#RELEVANT}), wrong with the configured false-positive and false-negative rates.
 * Its answer to a pair is a pure function of (seed, item id, keyphrase): asking twice, in any
 * order or batch, gives the same label.
 */
public final class SimulatedJudge implements Judge {
    private final Truth truth;
    private final double falsePositive;
    private final double falseNegative;
    private final long seed;

    public SimulatedJudge(Truth truth, double falsePositive, double falseNegative, long seed) {
        if (truth == null) {
            throw new IllegalArgumentException("the simulated judge needs the truth, got null");
        }
        if (!(falsePositive >= 0 && falsePositive <= 1) || !(falseNegative >= 0 && falseNegative <= 1)) {
            throw new IllegalArgumentException("error rates must be in [0, 1], got false positive " + falsePositive
                    + " and false negative " + falseNegative);
        }
        this.truth = truth;
        this.falsePositive = falsePositive;
        this.falseNegative = falseNegative;
        this.seed = seed;
    }

    /** The judge of a simulated marketplace, with the noise of its configuration. */
    public static SimulatedJudge of(Truth truth, MarketplaceConfig config) {
        return new SimulatedJudge(truth, config.judgeFalsePositive(), config.judgeFalseNegative(), config.seed());
    }

    @Override
    public List<Judgment> judge(List<JudgePair> pairs) {
        List<Judgment> out = new ArrayList<>(pairs.size());
        for (JudgePair p : pairs) {
            out.add(new Judgment(p.item().id(), p.keyphrase(), label(p.item().id(), p.keyphrase())));
        }
        return out;
    }

    /** This judge's label of one pair, 0 or 1. */
    public double label(String itemId, String keyphrase) {
        boolean relevant = truth.relevant(itemId, keyphrase);
        double u = uniform(itemId, keyphrase);
        boolean says = relevant ? u >= falseNegative : u < falsePositive;
        return says ? 1 : 0;
    }

    private double uniform(String itemId, String keyphrase) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : (itemId + '\u0000' + keyphrase).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    @Override
    public String describe() {
        return String.format("simulated judge (false positive %.2f, false negative %.2f, seed %d)", falsePositive, falseNegative, seed);
    }
}
