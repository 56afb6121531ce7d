package org.distill4ads.distill.sim;

import java.util.List;
import org.distill4ads.distill.data.Marketplace;

/**
 * The built-in default data: a seeded, deterministic marketplace in which the paper's problem is
 * real and measurable. Items with noisy seller titles, buyer queries with skewed search volumes,
 * the hidden graded truth of every pair, and a click log and search-relevance scores produced by
 * a lexical search engine acting as the middleman ({@link TrafficSimulator}).
 *
 * <pre>{@code
 * Marketplace m = MarketplaceSimulator.simulate(MarketplaceConfig.defaults());
 * Judge judge = new SimulatedJudge(m.truth(), 0.05, 0.10, 42);
 * }</pre>
 */
public final class MarketplaceSimulator {
    private MarketplaceSimulator() {
    }

    /** The marketplace of {@code config} over the {@linkplain Vocabulary#standard() built-in world}. */
    public static Marketplace simulate(MarketplaceConfig config) {
        return simulate(Vocabulary.standard(), config);
    }

    public static Marketplace simulate(List<Vocabulary.Category> world, MarketplaceConfig config) {
        Catalog catalog = Catalog.generate(world, config);
        TrafficSimulator.Traffic traffic = new TrafficSimulator(config).simulate(catalog.items, catalog.keyphrases, catalog.truth);
        return new Marketplace(catalog.items, catalog.keyphrases, traffic.clicks(), traffic.relevance(), catalog.truth);
    }
}
