package org.distill4ads.distill.data;

/** One line of a truth file: the grade (0, 1 or 2) of an (item, keyphrase) pair. */
record Graded(String itemId, String keyphrase, int grade) {
}
