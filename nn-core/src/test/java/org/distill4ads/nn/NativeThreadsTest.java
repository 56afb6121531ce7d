package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {
    @Test
    void theDefaultKeepsNd4jsCountsAndAutoIsOneThreadForOpsAndEveryCoreForBlas() {
        assertNull(NativeThreads.parse(null, 2));
        assertNull(NativeThreads.parse(" ", 2));
        assertArrayEquals(new int[] {1, 2}, NativeThreads.parse("auto", 2));
        assertArrayEquals(new int[] {1, 16}, NativeThreads.parse(" auto ", 16));
        assertArrayEquals(new int[] {2, 3}, NativeThreads.parse(" 2, 3", 16));
        assertNull(NativeThreads.parse("keep", 2));
    }

    @Test
    void aBadPropertyNamesItselfTheValueAndTheForm() {
        for (String bad : new String[] {"2", "0,2", "a,b", "1,2,3", "-1,1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeThreads.parse(bad, 2));
            assertTrue(e.getMessage().contains(NativeThreads.PROPERTY) && e.getMessage().contains("\"" + bad + "\"")
                    && e.getMessage().contains("OPS,BLAS"), e.getMessage());
        }
    }

    /** The test JVM runs without the property: the backend must report the default counts, on any thread that opens a tape. */
    @Test
    void theBackendRunsWithTheCountsOnEveryThreadThatOpensATape() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int[] expected = NativeThreads.parse(System.getProperty(NativeThreads.PROPERTY), cores);
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "ND4J's counts are kept unless -D" + NativeThreads.PROPERTY + " is set");
        try (Tape tape = Tape.open()) {
            assertArrayEquals(expected, NativeThreads.current(), "this thread");
        }
        AtomicReference<int[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (Tape tape = Tape.open()) {
                other.set(NativeThreads.current());
            }
        });
        t.start();
        t.join();
        assertArrayEquals(expected, other.get(), "a new thread after Tape.open");
        assertEquals(expected[1], org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads());
    }
}
