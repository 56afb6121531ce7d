package org.distill4ads.distill.data;

/**
 * An item for sale: what a seller wants keyphrases for.
 *
 * @param id       unique, non-blank
 * @param title    the seller's title, non-blank
 * @param category the category name, possibly empty
 */
public record Item(String id, String title, String category) {
    public Item {
        Check.nonBlank("item id", id);
        Check.nonBlank("title of item '" + id + "'", title);
        category = category == null ? "" : category;
    }

    /** The text the models read for this item: the title, then {@code " | "} and the category when there is one. */
    public String text() {
        return category.isEmpty() ? title : title + " | " + category;
    }
}
