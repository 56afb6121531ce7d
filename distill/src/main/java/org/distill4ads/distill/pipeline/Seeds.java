package org.distill4ads.distill.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4ads.nn.module.Init;

/**
 * Every seed of a run, derived from the root seed in this one place. The pipeline and the
 * step-by-step commands both take their seeds from here, so {@code label --seed 42} draws the
 * same pairs as the pipeline's labels stage of a run with seed 42.
 *
 * <p>Each component's seed is {@link Init#derive}{@code (root, name)} (SplitMix64 over the root and
 * the component's name), computed once; unlike offsets ({@code root + 1}, {@code root + 7}), two
 * components, or the same component of runs with neighbouring roots, never share a generator. The
 * simulated world keeps the root itself: the marketplace and its judge are what
 * {@code MarketplaceConfig.withSeed(root)} (and {@code simulate --seed}) describe, so
 * {@code SimulatedJudge.of(truth, config)} is the pipeline's judge.
 *
 * @param root the run's seed ({@code PipelineConfig.seed()}, {@code --seed})
 */
public record Seeds(long root) {
    /** The simulated marketplace ({@code MarketplaceConfig.withSeed}): the root. */
    public long marketplace() {
        return root;
    }

    /** The simulated judge's noise, part of the simulated world: the root. */
    public long judge() {
        return root;
    }

    /** The training / held-out split of the items. */
    public long split() {
        return Init.derive(root, "split");
    }

    /** The candidate pairs the judge labels (stage 1). */
    public long labelDraw() {
        return Init.derive(root, "label-draw");
    }

    /** The distillation pairs the assistant scores (stage 2). */
    public long teacherDraw() {
        return Init.derive(root, "teacher-draw");
    }

    /** The held-out pairs on which the students' agreement with the teacher is measured (stage 4). */
    public long agreementDraw() {
        return Init.derive(root, "agreement-draw");
    }

    /** The cross-encoder's initial weights (its classification head when it starts pretrained). */
    public long assistantInit() {
        return Init.derive(root, "assistant-init");
    }

    /** Every student's initial weights (the same for all variants, so they differ only in what they learn). */
    public long studentInit() {
        return Init.derive(root, "student-init");
    }

    /** The validation items drawn from the training items (only when an evaluation during training is on). */
    public long validation() {
        return Init.derive(root, "validation");
    }

    /** Batch order and dropout of every training run. */
    public long training() {
        return Init.derive(root, "training");
    }

    /** Every seed by component name, for tests and the record of a run. */
    public Map<String, Long> all() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("marketplace", marketplace());
        out.put("judge", judge());
        out.put("split", split());
        out.put("label-draw", labelDraw());
        out.put("teacher-draw", teacherDraw());
        out.put("agreement-draw", agreementDraw());
        out.put("assistant-init", assistantInit());
        out.put("student-init", studentInit());
        out.put("training", training());
        out.put("validation", validation());
        return out;
    }
}
