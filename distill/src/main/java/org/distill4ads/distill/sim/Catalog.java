package org.distill4ads.distill.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.nn.module.Init;

/**
 * The generated catalog and query set with what each of them means, and the graded truth of every
 * (item, query) pair that follows from those meanings.
 */
final class Catalog {
    final List<Item> items = new ArrayList<>();
    final List<Meaning> itemMeanings = new ArrayList<>();
    final List<Keyphrase> keyphrases = new ArrayList<>();
    final List<Meaning> keyphraseMeanings = new ArrayList<>();
    final Truth truth = new Truth();

    /** Draws the catalog and the queries of {@code config} over {@code world}; the same seed gives the same catalog. */
    static Catalog generate(List<Vocabulary.Category> world, MarketplaceConfig config) {
        Catalog c = new Catalog();
        SplittableRandom rnd = new SplittableRandom(config.seed());
        SplittableRandom itemRnd = rnd.split();
        SplittableRandom queryRnd = rnd.split();
        TitleWriter writer = new TitleWriter(config);
        int width = String.valueOf(config.items()).length();
        for (int i = 0; i < config.items(); i++) {
            int cat = itemRnd.nextInt(world.size());
            Vocabulary.Category category = world.get(cat);
            int type = itemRnd.nextInt(category.types().size());
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String kind : category.attributeKinds()) {
                List<String> values = category.values().get(kind);
                attributes.put(kind, values.get(itemRnd.nextInt(values.size())));
            }
            Meaning meaning = new Meaning(cat, type, attributes);
            List<String> names = category.types().get(type).names();
            // sellers mostly use the canonical name, buyers use all of them
            String typeName = itemRnd.nextDouble() < 0.6 ? names.get(0) : names.get(itemRnd.nextInt(names.size()));
            String id = String.format("item-%0" + width + "d", i);
            c.items.add(new Item(id, writer.write(category, meaning, typeName, itemRnd), category.name()));
            c.itemMeanings.add(meaning);
        }
        c.drawQueries(world, config, queryRnd);
        c.grade();
        return c;
    }

    private void drawQueries(List<Vocabulary.Category> world, MarketplaceConfig config, SplittableRandom rnd) {
        Map<String, Meaning> seen = new LinkedHashMap<>();
        Map<String, Long> volume = new HashMap<>();
        // every type name on its own is a query; the rest add one to three attribute values
        for (int cat = 0; cat < world.size(); cat++) {
            Vocabulary.Category category = world.get(cat);
            for (int type = 0; type < category.types().size(); type++) {
                for (String name : category.types().get(type).names()) {
                    if (seen.size() < config.keyphrases()) {
                        seen.put(name, new Meaning(cat, type, Map.of()));
                        volume.put(name, volumeFor(0, rnd));
                    }
                }
            }
        }
        int guard = 0;
        while (seen.size() < config.keyphrases() && guard++ < config.keyphrases() * 50) {
            int cat = rnd.nextInt(world.size());
            Vocabulary.Category category = world.get(cat);
            int type = rnd.nextInt(category.types().size());
            List<String> names = category.types().get(type).names();
            String name = names.get(rnd.nextInt(names.size()));
            double roll = rnd.nextDouble();
            int k = roll < 0.45 ? 1 : roll < 0.85 ? 2 : 3;
            k = Math.min(k, category.attributeKinds().size());
            List<String> kinds = new ArrayList<>(category.attributeKinds());
            Set<String> chosen = new LinkedHashSet<>();
            while (chosen.size() < k) {
                chosen.add(kinds.get(rnd.nextInt(kinds.size())));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            List<String> words = new ArrayList<>();
            for (String kind : category.attributeKinds()) { // buyers' usual order: color, brand, material, type
                if (chosen.contains(kind)) {
                    List<String> values = category.values().get(kind);
                    String value = values.get(rnd.nextInt(values.size()));
                    attributes.put(kind, value);
                    words.add(value);
                }
            }
            words.add(name);
            String text = String.join(" ", words);
            if (!seen.containsKey(text)) {
                seen.put(text, new Meaning(cat, type, attributes));
                volume.put(text, volumeFor(k, rnd));
            }
        }
        int base = seen.size();
        List<Map.Entry<String, Meaning>> entries = new ArrayList<>(seen.entrySet());
        for (int i = 0; i < base; i++) {
            Map.Entry<String, Meaning> e = entries.get(i);
            if (rnd.nextDouble() < config.variantRate()) {
                String variant = variant(e.getKey(), rnd);
                if (!variant.equals(e.getKey()) && !seen.containsKey(variant)) {
                    seen.put(variant, e.getValue());
                    volume.put(variant, Math.max(1, volume.get(e.getKey()) / 4));
                }
            }
        }
        for (Map.Entry<String, Meaning> e : seen.entrySet()) {
            keyphrases.add(new Keyphrase(e.getKey(), volume.get(e.getKey())));
            keyphraseMeanings.add(e.getValue());
        }
    }

    /** Log-normal search volume; broad queries are searched more often than specific ones. */
    private static long volumeFor(int attributes, SplittableRandom rnd) {
        double mu = 4.0 - 0.9 * attributes;
        return Math.max(1, Math.round(Math.exp(mu + Init.gaussian(rnd))));
    }

    /** The same query written differently: the last word in the singular, or the type name first. */
    static String variant(String text, SplittableRandom rnd) {
        String[] words = text.split(" ");
        String last = words[words.length - 1];
        if (rnd.nextBoolean() && last.length() > 3 && last.endsWith("s") && !last.endsWith("ss")) {
            words[words.length - 1] = last.substring(0, last.length() - 1);
            return String.join(" ", words);
        }
        if (words.length > 1) {
            List<String> reordered = new ArrayList<>();
            reordered.add(last);
            for (int i = 0; i < words.length - 1; i++) {
                reordered.add(words[i]);
            }
            return String.join(" ", reordered);
        }
        return text;
    }

    private void grade() {
        Map<Long, List<Integer>> queriesByType = new HashMap<>();
        for (int q = 0; q < keyphraseMeanings.size(); q++) {
            Meaning m = keyphraseMeanings.get(q);
            queriesByType.computeIfAbsent(typeKey(m), k -> new ArrayList<>()).add(q);
        }
        for (int i = 0; i < items.size(); i++) {
            Meaning item = itemMeanings.get(i);
            for (int q : queriesByType.getOrDefault(typeKey(item), List.of())) {
                int g = Meaning.grade(item, keyphraseMeanings.get(q));
                if (g > 0) {
                    truth.put(items.get(i).id(), keyphrases.get(q).text(), g);
                }
            }
        }
    }

    private static long typeKey(Meaning m) {
        return ((long) m.category() << 32) | m.type();
    }

}
