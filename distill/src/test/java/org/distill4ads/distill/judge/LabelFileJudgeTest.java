package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.junit.jupiter.api.Test;

class LabelFileJudgeTest {
    private static final Item SHOE = new Item("i1", "Red running shoe", "Shoes");
    private static final Item HOSE = new Item("i2", "Garden hose 20 m", "Garden");

    private final LabelFileJudge judge = new LabelFileJudge(List.of(
            new Judgment("i1", "red sneakers", 1), new Judgment("i1", "garden hose", 0),
            new Judgment("i2", "garden hose", 1), new Judgment("i2", "red sneakers", 0.25)));

    @Test
    void returnsStoredLabelsInInputOrder() throws Exception {
        List<Judgment> out = judge.judge(List.of(new JudgePair(HOSE, "red sneakers"), new JudgePair(SHOE, "red sneakers"),
                new JudgePair(HOSE, "garden hose"), new JudgePair(SHOE, "garden hose")));
        assertEquals(List.of(new Judgment("i2", "red sneakers", 0.25), new Judgment("i1", "red sneakers", 1),
                new Judgment("i2", "garden hose", 1), new Judgment("i1", "garden hose", 0)), out);
    }

    @Test
    void missingPairIsAnErrorNamingItAndTheLabelCount() {
        JudgeException e = assertThrows(JudgeException.class,
                () -> judge.judge(List.of(new JudgePair(SHOE, "red sneakers"), new JudgePair(SHOE, "blue sneakers"))));
        assertTrue(e.getMessage().contains("item 'i1', keyphrase 'blue sneakers'"), e.getMessage());
        assertTrue(e.getMessage().contains("4 pairs"), e.getMessage());
    }

    @Test
    void describesItsSourceAndSize() {
        assertEquals("labels from file (4 pairs)", judge.describe());
        assertEquals("labels from wands.csv (1 pairs)",
                new LabelFileJudge(List.of(new Judgment("a", "b", 1), new Judgment("a", "b", 1)), "wands.csv").describe());
    }

    @Test
    void conflictingDuplicateIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelFileJudge(List.of(new Judgment("a", "b", 1), new Judgment("a", "b", 0)), "x.jsonl"));
        assertTrue(e.getMessage().contains("item 'a', keyphrase 'b'") && e.getMessage().contains("x.jsonl")
                && e.getMessage().contains("1.0 and 0.0"), e.getMessage());
    }

    @Test
    void emptyBatchGivesEmptyList() throws Exception {
        assertEquals(List.of(), judge.judge(List.of()));
    }
}
