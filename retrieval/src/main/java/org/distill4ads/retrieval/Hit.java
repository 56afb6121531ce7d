package org.distill4ads.retrieval;

/** One search result: a row id of the store and its score (cosine at the queried dimension). */
public record Hit(int id, float score) {}
