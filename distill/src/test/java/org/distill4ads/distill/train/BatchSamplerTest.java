package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    private static TrainingTask<Integer> task(String name, int n, int batchSize, boolean dropLast) {
        List<Integer> examples = IntStream.range(0, n).boxed().toList();
        return new TrainingTask<>(name, examples, batchSize, batch -> null, 1.0, dropLast);
    }

    // a: 40 examples / 4 = 10 batches; b: 22 / 4 = 5 full batches (+ 2 left over, dropped); c: 9 / 3 = 3
    private final List<TrainingTask<Integer>> tasks = List.of(task("a", 40, 4, true), task("b", 22, 4, true), task("c", 9, 3, true));

    @Test
    void proportionalUsesEveryBatchOfEveryTaskOncePerEpoch() {
        BatchSampler s = new BatchSampler(tasks, Sampling.PROPORTIONAL, 7);
        assertEquals(18, s.epochLength());
        List<BatchSampler.Batch> epoch = s.epoch(0);
        assertEquals(18, epoch.size());
        int[] counts = new int[3];
        List<Set<Integer>> seen = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (BatchSampler.Batch b : epoch) {
            counts[b.task()]++;
            assertEquals(tasks.get(b.task()).batchSize(), b.indices().length);
            for (int i : b.indices()) {
                assertTrue(seen.get(b.task()).add(i), "example " + i + " of task " + b.task() + " drawn twice");
            }
        }
        assertArrayEquals(new int[] {10, 5, 3}, counts);
        assertEquals(40, seen.get(0).size());
        assertEquals(20, seen.get(1).size());
        // The order of tasks is shuffled, not grouped.
        assertNotEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), taskIds(epoch).subList(0, 10));
    }

    @Test
    void proportionalShareOverManyEpochsFollowsBatchCounts() {
        // In the first third of each epoch, task a should appear about 10/18 of the time.
        BatchSampler s = new BatchSampler(tasks, Sampling.PROPORTIONAL, 11);
        int a = 0;
        int total = 0;
        for (int e = 0; e < 200; e++) {
            for (int t : taskIds(s.epoch(e)).subList(0, 6)) {
                a += t == 0 ? 1 : 0;
                total++;
            }
        }
        assertEquals(10.0 / 18, (double) a / total, 0.05);
    }

    @Test
    void roundRobinCyclesTasksUntilTheSmallestRunsOut() {
        BatchSampler s = new BatchSampler(tasks, Sampling.ROUND_ROBIN, 7);
        assertEquals(9, s.epochLength());
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), taskIds(s.epoch(3)));
    }

    @Test
    void sameSeedAndEpochGiveTheSameBatchesOtherEpochsOrSeedsDiffer() {
        BatchSampler s = new BatchSampler(tasks, Sampling.PROPORTIONAL, 7);
        assertEquals(describe(s.epoch(2)), describe(new BatchSampler(tasks, Sampling.PROPORTIONAL, 7).epoch(2)));
        assertNotEquals(describe(s.epoch(2)), describe(s.epoch(3)));
        assertNotEquals(describe(s.epoch(2)), describe(new BatchSampler(tasks, Sampling.PROPORTIONAL, 8).epoch(2)));
        // seed + epoch: seed 7 epoch 3 is seed 8 epoch 2.
        assertEquals(describe(s.epoch(3)), describe(new BatchSampler(tasks, Sampling.PROPORTIONAL, 8).epoch(2)));
    }

    @Test
    void keptLastBatchIsSmaller() {
        BatchSampler s = new BatchSampler(List.of(task("x", 10, 4, false)), Sampling.PROPORTIONAL, 1);
        List<Integer> sizes = s.epoch(0).stream().map(b -> b.indices().length).toList();
        assertEquals(List.of(4, 4, 2), sizes);
    }

    @Test
    void tasksValidateTheirConfiguration() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task("tiny", 3, 4, true))
                .getMessage().contains("task 'tiny' has 3 examples, fewer than one full batch of 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task("z", 3, 0, true))
                .getMessage().contains("batch size must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task("w", 8, 4, true).withWeight(-1))
                .getMessage().contains("weight must be positive and finite, got -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BatchSampler(List.of(), Sampling.PROPORTIONAL, 0))
                .getMessage().contains("at least one task"));
    }

    private static List<Integer> taskIds(List<BatchSampler.Batch> epoch) {
        return epoch.stream().map(BatchSampler.Batch::task).toList();
    }

    private static List<String> describe(List<BatchSampler.Batch> epoch) {
        List<String> out = new ArrayList<>();
        epoch.forEach(b -> out.add(b.task() + ":" + Arrays.toString(b.indices())));
        return out;
    }
}
