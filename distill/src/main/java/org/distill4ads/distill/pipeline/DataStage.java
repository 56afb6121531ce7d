package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * Stage 0, {@code data}: load or simulate the marketplace and hold out a seeded share of the items
 * (as the {@linkplain MarketplaceSource#split source} splits: a relevance file by query)
 * for evaluation. Writes {@code data/} (the marketplace files and {@code held-out-items.txt}).
 */
public final class DataStage implements Stage {
    public static final String NAME = "data";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of();
    }

    /** The split of a marketplace: {@code heldOut} of the items, drawn with {@link Seeds#split()}. */
    public static Split split(Marketplace m, double heldOut, Seeds seeds) {
        return Split.of(m.items(), heldOut, seeds.split());
    }

    /** Writes a marketplace folder with its held-out item ids, as the stage and {@code simulate --held-out} do. */
    public static void write(Path dir, Marketplace m, Split split) throws IOException {
        MarketplaceFiles.write(dir, m);
        if (split != null) {
            AtomicFiles.writeString(dir.resolve(RunLayout.HELD_OUT_ITEMS), String.join("\n", split.heldOutIds()) + "\n");
        }
    }

    @Override
    public String run(RunContext context) throws IOException {
        Marketplace m = context.source().load();
        Split s = context.source().split(m, context.config().heldOut(), context.seeds());
        write(context.layout().data(), m, s);
        context.loaded(m, s);
        return describe(m, s);
    }

    /** One line: what the marketplace holds. */
    public static String describe(Marketplace m, Split s) {
        long clicked = m.clicks().stream().filter(c -> c.clicks() > 0).count();
        return m.items().size() + " items (" + s.heldOut().size() + " held out), " + m.keyphrases().size() + " keyphrases, "
                + m.clicks().size() + " click-log rows (" + clicked + " clicked), " + m.relevance().size() + " SR scores"
                + (m.truth() != null ? ", truth known" : "");
    }
}
