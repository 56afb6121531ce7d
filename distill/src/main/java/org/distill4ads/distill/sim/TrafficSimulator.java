package org.distill4ads.distill.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.nn.module.Init;

/**
 * Buyers searching a marketplace whose search engine is the middleman. For each query, the items
 * whose {@linkplain LexicalSearchEngine lexical score} passes the engine's threshold enter the
 * auction; they are ranked by that score (ties by a fixed per-item quality) and the top
 * {@code positions} are shown. At position p an item is seen (an impression) with probability
 * {@code p^(-decay/2)} per search and, once seen, clicked with probability
 * {@code click(grade) · p^(-decay/2)}: the click-through of a search falls as {@code p^-decay}
 * (position bias), and pairs the filter rejects never earn a click whatever their relevance
 * (middleman bias, missing not at random).
 *
 * <p>Works on any catalog with a known truth: the simulated one, or WANDS.
 */
public final class TrafficSimulator {
    /** The click log and the search-relevance scores the engine logged. */
    public record Traffic(List<ClickRecord> clicks, List<RelevanceScore> relevance) {
    }

    private final MarketplaceConfig config;

    public TrafficSimulator(MarketplaceConfig config) {
        this.config = config;
    }

    public Traffic simulate(List<Item> items, List<Keyphrase> keyphrases, Truth truth) {
        LexicalSearchEngine engine = new LexicalSearchEngine(items, keyphrases);
        SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5EA4C11CL);
        double[] quality = new double[items.size()];
        for (int i = 0; i < quality.length; i++) {
            quality[i] = rnd.nextDouble();
        }
        // the auction of every query: items passing the filter, with their scores
        List<Map<Integer, Double>> auction = new ArrayList<>();
        for (int q = 0; q < keyphrases.size(); q++) {
            auction.add(new HashMap<>());
        }
        List<RelevanceScore> relevance = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<Integer, Double> scored = new TreeMap<>(engine.scoredQueries(i));
            for (Map.Entry<Integer, Double> e : scored.entrySet()) {
                if (e.getValue() >= config.searchThreshold()) {
                    auction.get(e.getKey()).put(i, e.getValue());
                }
            }
            logRelevance(items.get(i).id(), scored, keyphrases, rnd, relevance);
        }
        List<ClickRecord> clicks = new ArrayList<>();
        for (int q = 0; q < keyphrases.size(); q++) {
            Keyphrase kp = keyphrases.get(q);
            List<Integer> ranked = new ArrayList<>(auction.get(q).keySet());
            Map<Integer, Double> scores = auction.get(q);
            ranked.sort(Comparator.<Integer>comparingDouble(scores::get).reversed()
                    .thenComparing(Comparator.<Integer>comparingDouble(i -> quality[i]).reversed()));
            long searches = Math.max(1, Math.round(kp.searchVolume() * config.searchesPerVolume()));
            for (int p = 1; p <= Math.min(config.positions(), ranked.size()); p++) {
                Item item = items.get(ranked.get(p - 1));
                double half = Math.pow(p, -config.examinationDecay() / 2);
                long impressions = binomial(searches, half, rnd);
                if (impressions == 0) {
                    continue;
                }
                double attract = switch (truth.grade(item.id(), kp.text())) {
                    case 2 -> config.clickExact();
                    case 1 -> config.clickPartial();
                    default -> config.clickIrrelevant();
                };
                long clicked = binomial(impressions, attract * half, rnd);
                clicks.add(new ClickRecord(item.id(), kp.text(), impressions, clicked));
            }
        }
        return new Traffic(clicks, relevance);
    }

    /** The best-scoring half of the item's SR budget, then random queries (mostly scored 0). */
    private void logRelevance(String itemId, Map<Integer, Double> scored, List<Keyphrase> keyphrases,
                              SplittableRandom rnd, List<RelevanceScore> out) {
        int budget = config.srPairsPerItem();
        if (budget == 0) {
            return;
        }
        List<Map.Entry<Integer, Double>> best = new ArrayList<>(scored.entrySet());
        best.sort(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        java.util.Set<Integer> logged = new java.util.HashSet<>();
        for (int k = 0; k < Math.min(budget / 2, best.size()); k++) {
            Map.Entry<Integer, Double> e = best.get(k);
            logged.add(e.getKey());
            out.add(new RelevanceScore(itemId, keyphrases.get(e.getKey()).text(), e.getValue()));
        }
        int tries = 0;
        while (logged.size() < Math.min(budget, keyphrases.size()) && tries++ < budget * 4) {
            int q = rnd.nextInt(keyphrases.size());
            if (logged.add(q)) {
                out.add(new RelevanceScore(itemId, keyphrases.get(q).text(), scored.getOrDefault(q, 0.0)));
            }
        }
    }

    /** A Binomial(n, p) draw: exact for small n, normal approximation above 1,000 trials. */
    static long binomial(long n, double p, SplittableRandom rnd) {
        if (p <= 0 || n == 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (n <= 1000) {
            long k = 0;
            for (long t = 0; t < n; t++) {
                if (rnd.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        return Math.max(0, Math.min(n, Math.round(mean + sd * Init.gaussian(rnd))));
    }
}
