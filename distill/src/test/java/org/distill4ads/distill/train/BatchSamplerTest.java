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

    /** Examples 0..n-1; example i has the keys "item" + (i % items) and "kp" + (i % keyphrases). */
    private static TrainingTask<Integer> keyed(int n, int batchSize, int items, int keyphrases) {
        return task("clicks", n, batchSize, true)
                .withNoDuplicates(i -> List.of("item" + (i % items), "kp" + (i % keyphrases)));
    }

    private static void assertNoKeyTwice(BatchSampler.Batch b, int items, int keyphrases) {
        Set<String> keys = new HashSet<>();
        for (int i : b.indices()) {
            assertTrue(keys.add("item" + (i % items)), "item of example " + i + " twice in " + Arrays.toString(b.indices()));
            assertTrue(keys.add("kp" + (i % keyphrases)), "keyphrase of example " + i + " twice in " + Arrays.toString(b.indices()));
        }
    }

    @Test
    void noDuplicatesKeepsEveryKeyOnceABatchAndEveryExampleOnceAnEpoch() {
        // 256 examples over 40 items and 64 keyphrases: a batch of 16 drawn at random would repeat an item almost surely
        int n = 256, size = 16, items = 40, keyphrases = 64;
        BatchSampler s = new BatchSampler(List.of(keyed(n, size, items, keyphrases)), Sampling.PROPORTIONAL, 3);
        assertEquals(16, s.epochLength(), "the constraint keeps the number of batches");
        for (int e = 0; e < 5; e++) {
            Set<Integer> seen = new HashSet<>();
            for (BatchSampler.Batch b : s.epoch(e)) {
                assertNoKeyTwice(b, items, keyphrases);
                for (int i : b.indices()) {
                    assertTrue(seen.add(i), "example " + i + " twice in epoch " + e);
                }
            }
            assertEquals(n, seen.size(), "epoch " + e + " uses every example");
        }
        // without the constraint the same data repeats items within batches
        BatchSampler plain = new BatchSampler(List.of(task("clicks", n, size, true)), Sampling.PROPORTIONAL, 3);
        long repeating = plain.epoch(0).stream().filter(b -> Arrays.stream(b.indices()).map(i -> i % items).distinct().count()
                < b.indices().length).count();
        assertTrue(repeating > 8, repeating + " of 16 plain batches repeat an item");
    }

    @Test
    void noDuplicatesIsAFunctionOfTheSeedAndTheEpoch() {
        BatchSampler a = new BatchSampler(List.of(keyed(120, 8, 15, 50)), Sampling.PROPORTIONAL, 9);
        BatchSampler b = new BatchSampler(List.of(keyed(120, 8, 15, 50)), Sampling.PROPORTIONAL, 9);
        BatchSampler c = new BatchSampler(List.of(keyed(120, 8, 15, 50)), Sampling.PROPORTIONAL, 10);
        assertEquals(indices(a.epoch(2)), indices(b.epoch(2)));
        assertNotEquals(indices(a.epoch(2)), indices(c.epoch(2)));
        assertNotEquals(indices(a.epoch(2)), indices(a.epoch(3)));
    }

    @Test
    void whenTheKeysCannotAllFitTheLastBatchesAreShorterNeverDuplicated() {
        // 3 items only, batches of 4: each batch can hold at most 3 examples
        int n = 24, size = 4, items = 3, keyphrases = 24;
        BatchSampler s = new BatchSampler(List.of(keyed(n, size, items, keyphrases)), Sampling.PROPORTIONAL, 1);
        List<BatchSampler.Batch> epoch = s.epoch(0);
        assertEquals(6, epoch.size());
        Set<Integer> seen = new HashSet<>();
        for (BatchSampler.Batch b : epoch) {
            assertNoKeyTwice(b, items, keyphrases);
            assertEquals(3, b.indices().length, Arrays.toString(b.indices()));
            for (int i : b.indices()) {
                assertTrue(seen.add(i));
            }
        }
        assertEquals(18, seen.size());
    }

    @Test
    void theGreedyFillTakesTheFirstExamplesThatFitAndTheTailSwaps() {
        // hand-traced: order 0..5, keys of example i = {i / 2}, batches of 2. Batch 0 takes 0 and 2 (1 clashes
        // with 0), batch 1 takes 1 and 3; batch 2 takes 4, and 5 clashes with it: 5 goes into batch 1 in place
        // of 1 (key 0, which batch 2 lacks), and 1 comes to batch 2
        int[][] keys = {{0}, {0}, {1}, {1}, {2}, {2}};
        List<int[]> b = BatchSampler.withoutDuplicates(new int[] {0, 1, 2, 3, 4, 5}, 3, 2, keys);
        assertArrayEquals(new int[] {0, 2}, b.get(0));
        assertArrayEquals(new int[] {5, 3}, b.get(1));
        assertArrayEquals(new int[] {4, 1}, b.get(2));
    }

    @Test
    void nullKeysAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> task("clicks", 8, 2, true).withNoDuplicates(null));
        assertTrue(e.getMessage().contains("'clicks'"), e.getMessage());
        TrainingTask<Integer> bad = task("clicks", 8, 2, true).withNoDuplicates(i -> i == 5 ? null : List.of("k" + i));
        e = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(List.of(bad), Sampling.PROPORTIONAL, 1));
        assertTrue(e.getMessage().contains("example 5"), e.getMessage());
    }

    private static List<List<Integer>> indices(List<BatchSampler.Batch> epoch) {
        return epoch.stream().map(b -> Arrays.stream(b.indices()).boxed().toList()).toList();
    }
}
