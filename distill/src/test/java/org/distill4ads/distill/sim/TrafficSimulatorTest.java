package org.distill4ads.distill.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.Truth;
import org.junit.jupiter.api.Test;

class TrafficSimulatorTest {
    /** Ten equally matching, equally relevant items for one heavily searched query, and one relevant item the filter rejects. */
    private static TrafficSimulator.Traffic traffic(double decay) {
        List<Item> items = new ArrayList<>();
        Truth truth = new Truth();
        for (int i = 0; i < 10; i++) {
            items.add(new Item("i" + i, "red sneakers", "Shoes"));
            truth.put("i" + i, "red sneakers", 2);
        }
        items.add(new Item("hidden", "crimson trainers", "Shoes"));
        truth.put("hidden", "red sneakers", 2);
        List<Keyphrase> kps = List.of(new Keyphrase("red sneakers", 20000));
        MarketplaceConfig config = MarketplaceConfig.defaults().withSearch(0.6, 10, decay);
        return new TrafficSimulator(config).simulate(items, kps, truth);
    }

    @Test
    void clickThroughFallsWithPosition() {
        List<ClickRecord> clicks = new ArrayList<>(traffic(1.0).clicks());
        assertEquals(10, clicks.size(), "one row per shown position");
        clicks.sort(Comparator.comparingLong(ClickRecord::impressions).reversed());
        // impressions ~ n p^-1/2 and clicks ~ n 0.5 p^-1: position 1 vs 10 differ by ~3x and ~10x
        assertTrue(clicks.get(0).impressions() > 2.5 * clicks.get(9).impressions(), clicks.toString());
        assertTrue(clicks.get(0).clicks() > 6 * clicks.get(9).clicks(), clicks.toString());
        assertTrue(clicks.get(0).ctr() > 2 * clicks.get(9).ctr(), clicks.toString());
        // expected clicks at the top: 20000 * 0.5 = 10000 (within five standard deviations)
        long top = clicks.stream().mapToLong(ClickRecord::clicks).max().orElseThrow();
        assertEquals(10000, top, 5 * Math.sqrt(20000 * 0.25));
    }

    @Test
    void withoutPositionBiasEveryPositionIsAlike() {
        List<ClickRecord> clicks = traffic(0.0).clicks();
        for (ClickRecord c : clicks) {
            assertEquals(20000, c.impressions(), c.toString());
            assertEquals(0.5, c.ctr(), 0.03, c.toString());
        }
    }

    @Test
    void aRelevantItemTheFilterRejectsNeverEarnsAClick() {
        assertTrue(traffic(1.0).clicks().stream().noneMatch(c -> c.itemId().equals("hidden")));
    }

    @Test
    void binomialDrawsHaveTheRightMean() {
        SplittableRandom rnd = new SplittableRandom(1);
        long sum = 0;
        for (int i = 0; i < 2000; i++) {
            sum += TrafficSimulator.binomial(100, 0.3, rnd);
        }
        assertEquals(30.0, sum / 2000.0, 0.3);
        assertEquals(0, TrafficSimulator.binomial(50, 0, rnd));
        assertEquals(50, TrafficSimulator.binomial(50, 1, rnd));
        long big = TrafficSimulator.binomial(1_000_000, 0.25, rnd);
        assertEquals(250_000, big, 5 * Math.sqrt(1_000_000 * 0.25 * 0.75));
    }
}
