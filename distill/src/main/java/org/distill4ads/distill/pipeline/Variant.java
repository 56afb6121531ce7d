package org.distill4ads.distill.pipeline;

/**
 * The students the pipeline trains and compares: which signals the bi-encoder learns from. Every
 * task runs under the Matryoshka loss; all variants take the same number of steps.
 */
public enum Variant {
    /** In-batch-negative ranking on clicked pairs only: what a click-trained system learns. */
    CLICKS("clicks", "clicks only", false, false),
    /** Clicks plus CoSENT on the search engine's relevance scores. */
    CLICKS_SR("clicks-sr", "clicks + SR", true, false),
    /** Clicks, SR and Pearson-correlation distillation of the cross-encoder: the paper's system. */
    PEARSON("pearson", "clicks + SR + Pearson distillation (paper)", true, true),
    /** As {@link #PEARSON} with mean-squared-error distillation instead. */
    MSE("mse", "clicks + SR + MSE distillation", true, true);

    private final String id;
    private final String label;
    private final boolean sr;
    private final boolean teacher;

    Variant(String id, String label, boolean sr, boolean teacher) {
        this.id = id;
        this.label = label;
        this.sr = sr;
        this.teacher = teacher;
    }

    /** Short name used for folders and on the command line. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public boolean usesRelevanceScores() {
        return sr;
    }

    public boolean usesTeacher() {
        return teacher;
    }

    /** The variant of a short name, or an exception listing the names. */
    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equalsIgnoreCase(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "', expected one of clicks, clicks-sr, pearson, mse");
    }
}
