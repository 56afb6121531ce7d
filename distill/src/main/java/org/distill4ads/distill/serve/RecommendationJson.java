package org.distill4ads.distill.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.distill4ads.retrieval.Recommendation;

/**
 * One recommendation as a JSON object, the same for {@code recommend --json}, the JSON lines of
 * {@code recommend --input} and the HTTP endpoint of {@code serve} (docs/serving.md):
 *
 * <pre>
 * {"id": "sku-1", "item": "Nike Sneakers Red | Shoes",
 *  "kept": [{"keyphrase": "red sneakers", "similarity": 0.91, "relevance": 0.84}, ...],
 *  "dropped": [{"keyphrase": "red sneaker", "reason": "duplicate", "duplicate_of": "red sneakers", "similarity": 0.90},
 *              {"keyphrase": "blue shoes", "reason": "filtered", "similarity": 0.77, "relevance": 0.12}, ...]}
 * </pre>
 *
 * {@code relevance} is left out when no relevance filter ran; {@code id} when the caller gave none.
 */
public final class RecommendationJson {
    /** The mapper every serving path writes with. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private RecommendationJson() {
    }

    /** {@code r} as a JSON object, with {@code id} first when it is not null. */
    public static ObjectNode of(String id, Recommendation r) {
        ObjectNode o = JSON.createObjectNode();
        if (id != null) {
            o.put("id", id);
        }
        o.put("item", r.item());
        ArrayNode kept = o.putArray("kept");
        for (Recommendation.Scored s : r.kept()) {
            ObjectNode k = kept.addObject();
            k.put("keyphrase", s.keyphrase());
            k.put("similarity", s.similarity());
            if (!Float.isNaN(s.relevance())) {
                k.put("relevance", s.relevance());
            }
        }
        ArrayNode dropped = o.putArray("dropped");
        for (Recommendation.Dropped d : r.dropped()) {
            ObjectNode k = dropped.addObject();
            k.put("keyphrase", d.keyphrase());
            if (d.reason() == Recommendation.Reason.DUPLICATE) {
                k.put("reason", "duplicate");
                k.put("duplicate_of", d.duplicateOf());
                k.put("similarity", d.similarity());
            } else {
                k.put("reason", "filtered");
                k.put("similarity", d.similarity());
                k.put("relevance", d.relevance());
            }
        }
        return o;
    }

    /** {@code r} as one line of JSON, without the line break. */
    public static String line(String id, Recommendation r) {
        return of(id, r).toString();
    }
}
