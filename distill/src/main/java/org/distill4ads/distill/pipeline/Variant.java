package org.distill4ads.distill.pipeline;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.distill4ads.distill.loss.EmbeddingLoss;
import org.distill4ads.distill.loss.MseLoss;
import org.distill4ads.distill.loss.PearsonCorrelationLoss;

/**
 * The students the pipeline trains and compares: which signals the bi-encoder learns from, and
 * with which distillation loss. Every task runs under the Matryoshka loss; all variants take the
 * same number of steps. A new student is one constant here: its stage, folders, command-line name,
 * training tasks, evaluation rows and report rows all follow from it.
 */
public enum Variant {
    /** In-batch-negative ranking on clicked pairs only: what a click-trained system learns. */
    CLICKS("clicks", "clicks only", "clicked pairs (clicks > 0), in-batch-negative ranking", false, null),
    /** Clicks plus CoSENT on the search engine's relevance scores. */
    CLICKS_SR("clicks-sr", "clicks + SR", "+ the search engine's relevance scores (CoSENT)", true, null),
    /** Clicks, SR and Pearson-correlation distillation of the cross-encoder: the paper's system. */
    PEARSON("pearson", "clicks + SR + Pearson distillation (paper)", "+ the teacher's scores, Pearson distillation (the paper's)",
            true, PearsonCorrelationLoss::new),
    /** As {@link #PEARSON} with mean-squared-error distillation instead. */
    MSE("mse", "clicks + SR + MSE distillation", "+ the teacher's scores, mean-squared-error distillation", true, MseLoss::new);

    private final String id;
    private final String label;
    private final String signals;
    private final boolean sr;
    private final Supplier<EmbeddingLoss> distillation;

    Variant(String id, String label, String signals, boolean sr, Supplier<EmbeddingLoss> distillation) {
        this.id = id;
        this.label = label;
        this.signals = signals;
        this.sr = sr;
        this.distillation = distillation;
    }

    /** Short name used for folders and on the command line. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** What the student learns from, in a few words (the command line's help lists it). */
    public String signals() {
        return signals;
    }

    public boolean usesRelevanceScores() {
        return sr;
    }

    public boolean usesTeacher() {
        return distillation != null;
    }

    /** A new instance of the loss that distills the teacher's scores (before the Matryoshka wrapper). */
    public EmbeddingLoss distillationLoss() {
        if (distillation == null) {
            throw new IllegalStateException("variant " + id + " does not distill the teacher");
        }
        return distillation.get();
    }

    /** The short names of every variant, comma-separated, in declaration order. */
    public static String ids() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }

    /** The variant of a short name, or an exception listing the names. */
    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equalsIgnoreCase(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "', expected one of " + ids());
    }
}
