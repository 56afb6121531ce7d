package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.HeldOutItems;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;

/**
 * A marketplace folder read for training. When the folder holds {@code held-out-items.txt} (as a
 * pipeline run's {@code data/} folder does: one item id a line), those items are evaluation items
 * and the training commands leave them out, as the pipeline does.
 */
record TrainingData(Path dir, Marketplace marketplace, Set<String> heldOut) {
    /** The file of held-out item ids, as {@code RunLayout.heldOutItems()} names it. */
    static final String HELD_OUT = "held-out-items.txt";

    static TrainingData read(Path dir) throws IOException {
        CliFiles.requireDir(dir, "a marketplace folder (items.tsv, keyphrases.tsv, ...)");
        Marketplace m = MarketplaceFiles.read(dir);
        Path file = dir.resolve(HELD_OUT);
        Set<String> held = Files.exists(file) ? HeldOutItems.read(file, m.itemsById().keySet()) : Set.of();
        return new TrainingData(dir, m, Set.copyOf(held));
    }

    boolean isTraining(String itemId) {
        return !heldOut.contains(itemId);
    }

    /** The items to train on: all but the held-out ones, in catalog order. */
    List<Item> trainingItems() {
        List<Item> out = new ArrayList<>();
        for (Item item : marketplace.items()) {
            if (isTraining(item.id())) {
                out.add(item);
            }
        }
        return out;
    }

    Map<String, Item> itemsById() {
        return marketplace.itemsById();
    }

    /** A note for the summary line, empty when nothing is held out. */
    String heldOutNote() {
        return heldOut.isEmpty() ? "" : " (" + heldOut.size() + " held-out items of " + dir.resolve(HELD_OUT) + " left out)";
    }
}
