package org.distill4ads.distill.sim;

import java.util.Map;

/**
 * What an item is, or what a query asks for: a product type of a category and attribute values
 * (kind → value). An item has a value for every attribute kind of its category; a query names
 * zero to three of them.
 */
record Meaning(int category, int type, Map<String, String> attributes) {
    Meaning {
        attributes = Map.copyOf(attributes);
    }

    /**
     * The graded truth of a query for an item: 2 when the product type matches (by any of its
     * names) and every attribute the query names matches the item's, 1 when the type matches but
     * an attribute does not, 0 for another product type.
     */
    static int grade(Meaning item, Meaning query) {
        if (item.category != query.category || item.type != query.type) {
            return 0;
        }
        for (Map.Entry<String, String> e : query.attributes.entrySet()) {
            if (!e.getValue().equals(item.attributes.get(e.getKey()))) {
                return 1;
            }
        }
        return 2;
    }
}
