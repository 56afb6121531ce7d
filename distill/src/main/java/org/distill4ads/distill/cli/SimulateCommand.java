package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.DataStage;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Seeds;
import org.distill4ads.distill.pipeline.Split;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.sim.MarketplaceSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code distill4ads simulate}: writes a simulated marketplace folder. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a marketplace (items, keyphrases, click log, SR scores and the hidden truth) and write it as a folder of data files.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write items.tsv, keyphrases.tsv, clicks.tsv, relevance.tsv, truth.tsv into")
    Path out;

    @Option(names = "--items", paramLabel = "N", description = "catalog size (default: 1500, 300 with --small)")
    Integer items;

    @Option(names = "--keyphrases", paramLabel = "N", description = "distinct buyer queries before plural and word-order variants (default: 1500, 400 with --small)")
    Integer keyphrases;

    @Option(names = "--seed", paramLabel = "S", description = "seed of every random choice (default: 42)")
    Long seed;

    @Option(names = "--held-out", paramLabel = "SHARE",
            description = "also hold out this share of the items for evaluation, as the pipeline's data stage does, into held-out-items.txt (the training commands then leave them out)")
    Double heldOut;

    @Option(names = "--small", description = "start from the small marketplace (300 items, 400 queries) instead of the default one")
    boolean small;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        outputs.folder(out, MarketplaceFiles.NAMES);
        MarketplaceConfig config = small ? MarketplaceConfig.small() : MarketplaceConfig.defaults();
        config = config.withSize(items != null ? items : config.items(), keyphrases != null ? keyphrases : config.keyphrases());
        if (seed != null) {
            config = config.withSeed(seed);
        }
        if (heldOut != null && !(heldOut > 0 && heldOut < 1)) {
            throw new ParameterException(spec.commandLine(), "--held-out must be a share in (0, 1), got " + heldOut);
        }
        Marketplace m = MarketplaceSimulator.simulate(config);
        Split split = heldOut == null ? null : DataStage.split(m, heldOut, new Seeds(config.seed()));
        DataStage.write(out, m, split);
        long clicked = m.clicks().stream().filter(c -> c.clicks() > 0).count();
        json.text().printf("simulated %d items, %d keyphrases, %d click-log rows (%d clicked), %d SR scores, %d truth grades (seed %d) -> %s%n",
                m.items().size(), m.keyphrases().size(), m.clicks().size(), clicked, m.relevance().size(),
                m.truth() == null ? 0 : m.truth().size(), config.seed(), out);
        if (split != null) {
            json.text().printf("held out %d of %d items -> %s%n", split.heldOut().size(), m.items().size(),
                    out.resolve(RunLayout.HELD_OUT_ITEMS));
        }
        json.result("simulate").put("items", m.items().size()).put("keyphrases", m.keyphrases().size())
                .put("clickLogRows", m.clicks().size()).put("clicked", clicked).put("srScores", m.relevance().size())
                .put("truthGrades", m.truth() == null ? 0 : m.truth().size()).put("seed", config.seed())
                .put("heldOutItems", split == null ? 0 : split.heldOut().size()).put("out", out).print();
        return 0;
    }
}
