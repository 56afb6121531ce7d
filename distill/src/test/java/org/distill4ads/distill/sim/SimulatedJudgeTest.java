package org.distill4ads.distill.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.judge.JudgePair;
import org.junit.jupiter.api.Test;

class SimulatedJudgeTest {
    private static final int N = 20000;

    private static List<JudgePair> pairs(Truth truth) {
        List<JudgePair> pairs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Item item = new Item("item-" + i, "title " + i, "");
            pairs.add(new JudgePair(item, "kp " + (i % 7)));
            if (i % 2 == 0) {
                truth.put(item.id(), "kp " + (i % 7), 2);
            } else if (i % 4 == 1) {
                truth.put(item.id(), "kp " + (i % 7), 1);   // partial: not relevant for the judge
            }
        }
        return pairs;
    }

    @Test
    void errorRatesMatchTheConfiguration() {
        Truth truth = new Truth();
        List<JudgePair> pairs = pairs(truth);
        List<Judgment> labels = new SimulatedJudge(truth, 0.05, 0.20, 3).judge(pairs);
        int fp = 0, fn = 0;
        for (int i = 0; i < N; i++) {
            boolean relevant = truth.relevant(pairs.get(i).item().id(), pairs.get(i).keyphrase());
            if (relevant && !labels.get(i).relevant()) {
                fn++;
            } else if (!relevant && labels.get(i).relevant()) {
                fp++;
            }
        }
        double sd = Math.sqrt(0.2 * 0.8 / (N / 2.0));
        assertEquals(0.20, fn / (N / 2.0), 5 * sd);
        assertEquals(0.05, fp / (N / 2.0), 5 * Math.sqrt(0.05 * 0.95 / (N / 2.0)));
    }

    @Test
    void answersDependOnThePairOnlyNotOnOrderOrBatch() {
        Truth truth = new Truth();
        List<JudgePair> pairs = pairs(truth).subList(0, 500);
        SimulatedJudge judge = new SimulatedJudge(truth, 0.3, 0.3, 9);
        List<Judgment> first = judge.judge(pairs);
        List<JudgePair> shuffled = new ArrayList<>(pairs);
        Collections.reverse(shuffled);
        List<Judgment> second = new SimulatedJudge(truth, 0.3, 0.3, 9).judge(shuffled);
        Collections.reverse(second);
        assertEquals(first, second);
        List<Judgment> other = new SimulatedJudge(truth, 0.3, 0.3, 10).judge(pairs);
        assertNotEquals(first, other, "another seed gives other mistakes");
    }

    @Test
    void noiselessJudgeIsTheTruth() {
        Truth truth = new Truth();
        List<JudgePair> pairs = pairs(truth).subList(0, 300);
        List<Judgment> labels = new SimulatedJudge(truth, 0, 0, 1).judge(pairs);
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(truth.relevant(pairs.get(i).item().id(), pairs.get(i).keyphrase()) ? 1.0 : 0.0, labels.get(i).label());
        }
        assertThrows(IllegalArgumentException.class, () -> new SimulatedJudge(truth, 1.5, 0, 1));
    }
}
