package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.WandsImporter;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.sim.MarketplaceSimulator;
import org.distill4ads.distill.sim.TrafficSimulator;

/** Where the pipeline's data comes from: the simulator, a folder in the documented formats, or WANDS. */
public interface MarketplaceSource {
    Marketplace load() throws IOException;

    /** One line for logs and the report. */
    String describe();

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
}
