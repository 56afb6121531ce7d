package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.distill4ads.distill.data.Item;

/** The seeded split of the catalog into training items and held-out (evaluation) items. */
public record Split(List<Item> train, List<Item> heldOut) {
    public static Split of(List<Item> items, double heldOutShare, long seed) {
        List<Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        int n = Math.max(1, Math.min(items.size() - 1, (int) Math.round(items.size() * heldOutShare)));
        Set<String> held = new LinkedHashSet<>();
        for (Item item : shuffled.subList(0, n)) {
            held.add(item.id());
        }
        return byIds(items, held);
    }

    /** The split that holds out exactly the items with these ids, in catalog order. */
    public static Split byIds(List<Item> items, Set<String> heldOutIds) {
        List<Item> train = new ArrayList<>();
        List<Item> held = new ArrayList<>();
        for (Item item : items) {
            (heldOutIds.contains(item.id()) ? held : train).add(item);
        }
        return new Split(List.copyOf(train), List.copyOf(held));
    }

    public Set<String> heldOutIds() {
        Set<String> ids = new LinkedHashSet<>();
        heldOut.forEach(i -> ids.add(i.id()));
        return ids;
    }
}
