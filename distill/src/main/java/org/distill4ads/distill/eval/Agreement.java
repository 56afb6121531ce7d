package org.distill4ads.distill.eval;

/**
 * How closely a student's cosine scores follow the teacher's (the cross-encoder's) over the same
 * held-out pairs: Pearson's r and Spearman's rank correlation (Commons Math).
 */
public record Agreement(String system, int dim, int pairs, double pearson, double spearman) {
}
