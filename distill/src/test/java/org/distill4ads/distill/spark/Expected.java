package org.distill4ads.distill.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.distill4ads.distill.data.Item;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;

/** The rows the Spark job must write, computed by the single-JVM recommender, and the comparison. */
final class Expected {
    /** One output row; floats compared within {@link #TOLERANCE} (batches differ between the two runs). */
    record Out(String item, String keyphrase, Integer rank, float similarity, Float relevance, String reason, String duplicateOf) {
        static Out of(Row r) {
            return new Out(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getInt(2), r.getFloat(3),
                    r.isNullAt(4) ? null : r.getFloat(4), r.getString(5), r.getString(6));
        }

        String key() {
            return item + "\u0000" + (rank == null ? "~" + keyphrase : String.format(Locale.ROOT, "%04d", rank));
        }
    }

    static final float TOLERANCE = 1e-5f;

    private Expected() {
    }

    static List<Out> rows(KeyphraseRecommender recommender, List<Item> items, boolean withDropped) {
        List<Recommendation> recs = recommender.recommendAll(items.stream().map(Item::text).toList());
        List<Out> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Recommendation r = recs.get(i);
            int rank = 0;
            for (Recommendation.Scored s : r.kept()) {
                out.add(new Out(items.get(i).id(), s.keyphrase(), ++rank, s.similarity(), nan(s.relevance()), null, null));
            }
            if (withDropped) {
                for (Recommendation.Dropped d : r.dropped()) {
                    out.add(new Out(items.get(i).id(), d.keyphrase(), null, d.similarity(), nan(d.relevance()),
                            d.reason().name().toLowerCase(Locale.ROOT), d.duplicateOf()));
                }
            }
        }
        return out;
    }

    /** Same rows, each once, the same keyphrases at the same ranks, scores within the tolerance. */
    static void assertSameRows(List<Out> expected, List<Row> written) {
        List<Out> got = new ArrayList<>(written.stream().map(Out::of).toList());
        List<Out> want = new ArrayList<>(expected);
        got.sort(Comparator.comparing(Out::key));
        want.sort(Comparator.comparing(Out::key));
        assertEquals(want.size(), got.size(), "rows written");
        for (int i = 0; i < want.size(); i++) {
            Out w = want.get(i);
            Out g = got.get(i);
            String where = "row " + i + ": expected " + w + ", got " + g;
            assertEquals(w.item(), g.item(), where);
            assertEquals(w.keyphrase(), g.keyphrase(), where);
            assertEquals(w.rank(), g.rank(), where);
            assertEquals(w.reason(), g.reason(), where);
            assertEquals(w.duplicateOf(), g.duplicateOf(), where);
            assertEquals(w.similarity(), g.similarity(), TOLERANCE, where);
            assertEquals(w.relevance() == null, g.relevance() == null, where);
            if (w.relevance() != null) {
                assertEquals(w.relevance(), g.relevance(), TOLERANCE, where);
            }
        }
        assertEquals(got.size(), got.stream().map(Out::key).distinct().count(), "no row twice");
    }

    private static Float nan(float x) {
        return Float.isNaN(x) ? null : x;
    }
}
