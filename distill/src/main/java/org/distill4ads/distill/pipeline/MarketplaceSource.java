package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.RelevanceImporter;
import org.distill4ads.distill.data.RelevanceLayout;
import org.distill4ads.distill.data.WandsImporter;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.sim.MarketplaceSimulator;
import org.distill4ads.distill.sim.TrafficSimulator;

/** Where the pipeline's data comes from: the simulator, a folder in the documented formats, or WANDS. */
public interface MarketplaceSource {
    Marketplace load() throws IOException;

    /** One line for logs and the report. */
    String describe();

    /**
     * True when the truth holds only the pairs people judged (a relevance file): a pair not stored
     * is unknown, not irrelevant, so the simulated judge labels judged pairs only and the
     * evaluation ranks judged products ({@link RankingStage}).
     */
    default boolean sparseTruth() {
        return false;
    }

    /** The training / held-out split of what {@link #load()} gave: by default a seeded share of the items. */
    default Split split(Marketplace m, double heldOut, Seeds seeds) {
        return Split.of(m.items(), heldOut, seeds.split());
    }

    /** The built-in simulated marketplace. */
    static MarketplaceSource simulated(MarketplaceConfig config) {
        return new MarketplaceSource() {
            @Override
            public Marketplace load() {
                return MarketplaceSimulator.simulate(config);
            }

            @Override
            public String describe() {
                return "simulated marketplace (" + config.items() + " items, " + config.keyphrases() + " queries, seed "
                        + config.seed() + ")";
            }
        };
    }

    /** A folder with items, keyphrases, clicks, relevance (and optionally truth) files. */
    static MarketplaceSource folder(Path dir) {
        return new MarketplaceSource() {
            @Override
            public Marketplace load() throws IOException {
                return MarketplaceFiles.read(dir);
            }

            @Override
            public String describe() {
                return "marketplace folder " + dir;
            }
        };
    }

    /**
     * The public WANDS dataset (products, queries, graded labels); it has no click log, so clicks
     * and SR scores come from the simulated lexical search engine over its products and queries.
     */
    static MarketplaceSource wands(Path dir, int maxProducts, MarketplaceConfig traffic) {
        return new MarketplaceSource() {
            @Override
            public Marketplace load() throws IOException {
                WandsImporter.Result r = WandsImporter.read(dir, maxProducts);
                TrafficSimulator.Traffic t = new TrafficSimulator(traffic).simulate(r.items(), r.keyphrases(), r.truth());
                return new Marketplace(r.items(), r.keyphrases(), t.clicks(), t.relevance(), r.truth());
            }

            @Override
            public String describe() {
                return "WANDS " + dir + (maxProducts > 0 ? " (" + maxProducts + " products)" : "") + " with simulated traffic";
            }
        };
    }

    /**
     * A graded query–product relevance file (Crowdflower, Home Depot, ...): the products, the
     * queries (each with {@code searchVolume}) and the human grades of the judged pairs are real;
     * clicks and SR scores are simulated by the lexical search engine over the real titles and
     * queries, as for WANDS (an unjudged pair draws clicks at the irrelevant rate). Held out by
     * query ({@link QuerySplit}).
     */
    static MarketplaceSource relevance(Path file, RelevanceLayout layout, long searchVolume, MarketplaceConfig traffic) {
        return new MarketplaceSource() {
            @Override
            public Marketplace load() throws IOException {
                RelevanceImporter.Result r = RelevanceImporter.read(file, layout, searchVolume);
                TrafficSimulator.Traffic t = new TrafficSimulator(traffic).simulate(r.items(), r.keyphrases(), r.truth());
                return new Marketplace(r.items(), r.keyphrases(), t.clicks(), t.relevance(), r.truth());
            }

            @Override
            public String describe() {
                return "relevance file " + file + ", " + layout.describe() + ", search volume " + searchVolume
                        + ", with simulated traffic";
            }

            @Override
            public boolean sparseTruth() {
                return true;
            }

            @Override
            public Split split(Marketplace m, double heldOut, Seeds seeds) {
                return QuerySplit.of(m, heldOut, seeds.split()).split();
            }
        };
    }
}
