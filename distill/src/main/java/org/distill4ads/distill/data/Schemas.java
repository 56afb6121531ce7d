package org.distill4ads.distill.data;

import java.util.List;
import java.util.Set;

/** The column layout of each data file (see docs/formats.md). */
final class Schemas {
    static final String ITEM_ID = "item_id";
    static final String KEYPHRASE = "keyphrase";

    private Schemas() {
    }

    static final Schema<Item> ITEMS = new Schema<>("items",
            List.of(ITEM_ID, "title", "category"), Set.of("category"),
            r -> new Item(r.text(ITEM_ID), r.text("title"), r.optionalText("category")),
            i -> List.of(i.id(), i.title(), i.category()));

    static final Schema<Keyphrase> KEYPHRASES = new Schema<>("keyphrases",
            List.of(KEYPHRASE, "search_volume"), Set.of(),
            r -> new Keyphrase(r.text(KEYPHRASE), r.wholeNumber("search_volume")),
            k -> List.of(k.text(), k.searchVolume()));

    static final Schema<ClickRecord> CLICKS = new Schema<>("clicks",
            List.of(ITEM_ID, KEYPHRASE, "impressions", "clicks"), Set.of(),
            Schemas::click,
            c -> List.of(c.itemId(), c.keyphrase(), c.impressions(), c.clicks()));

    static final Schema<RelevanceScore> RELEVANCE = new Schema<>("relevance scores",
            List.of(ITEM_ID, KEYPHRASE, "score"), Set.of(),
            r -> new RelevanceScore(r.text(ITEM_ID), r.text(KEYPHRASE), r.unitInterval("score")),
            s -> List.of(s.itemId(), s.keyphrase(), s.score()));

    static final Schema<Judgment> JUDGMENTS = new Schema<>("judgments",
            List.of(ITEM_ID, KEYPHRASE, "label"), Set.of(),
            r -> new Judgment(r.text(ITEM_ID), r.text(KEYPHRASE), r.label("label")),
            j -> List.of(j.itemId(), j.keyphrase(), j.label()));

    static final Schema<Graded> TRUTH = new Schema<>("truth grades",
            List.of(ITEM_ID, KEYPHRASE, "grade"), Set.of(),
            r -> new Graded(r.text(ITEM_ID), r.text(KEYPHRASE), r.grade("grade")),
            g -> List.of(g.itemId(), g.keyphrase(), g.grade()));

    private static ClickRecord click(Row r) throws DataFormatException {
        String item = r.text(ITEM_ID);
        String keyphrase = r.text(KEYPHRASE);
        long impressions = r.wholeNumber("impressions");
        long clicks = r.wholeNumber("clicks");
        if (clicks > impressions) {
            throw r.error("clicks", "got " + clicks, "at most the impressions (" + impressions + ")");
        }
        return new ClickRecord(item, keyphrase, impressions, clicks);
    }
}
