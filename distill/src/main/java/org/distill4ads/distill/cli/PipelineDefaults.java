package org.distill4ads.distill.cli;

import java.util.Map;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.sim.MarketplaceConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of the step-by-step commands' options, taken from {@link PipelineConfig#defaults()}
 * so that a step run by hand computes what the same step of the pipeline does. Keyed by command
 * name and option; an option not listed here has its default (if any) in its annotation.
 */
final class PipelineDefaults implements IDefaultValueProvider {
    private static final Map<String, String> VALUES = values();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        return VALUES.get(arg.command().name() + " " + option.longestName());
    }

    private static Map<String, String> values() {
        PipelineConfig c = PipelineConfig.defaults();
        MarketplaceConfig m = MarketplaceConfig.defaults();
        PipelineConfig.ModelSize size = c.model();
        Map<String, String> v = new java.util.HashMap<>();
        for (String cmd : new String[] {"train-cross-encoder", "train-bi-encoder"}) {
            v.put(cmd + " --vocab", str(size.vocabulary()));
            v.put(cmd + " --hidden", str(size.hidden()));
            v.put(cmd + " --layers", str(size.layers()));
            v.put(cmd + " --heads", str(size.heads()));
            v.put(cmd + " --max-length", str(size.maxLength()));
            v.put(cmd + " --seed", str(c.seed()));
        }
        // the step command trains the from-scratch assistant, with the first round's settings
        PipelineConfig.AssistantTraining scratch = PipelineConfig.AssistantTraining.FROM_SCRATCH;
        v.put("train-cross-encoder --steps", str(scratch.steps()));
        v.put("train-cross-encoder --batch-size", str(scratch.batchSize()));
        v.put("train-cross-encoder --learning-rate", str(scratch.learningRate()));
        v.put("train-bi-encoder --steps", str(c.student().steps()));
        v.put("train-bi-encoder --batch-size", str(c.student().batchSize()));
        v.put("train-bi-encoder --learning-rate", str(c.student().learningRate()));
        v.put("label --candidates", str(c.sampling().labelCandidates()));
        v.put("label --random", str(c.sampling().labelRandom()));
        v.put("label --seed", str(c.seed()));
        v.put("label --sim-false-positive", str(m.judgeFalsePositive()));
        v.put("label --sim-false-negative", str(m.judgeFalseNegative()));
        v.put("teacher-scores --candidates", str(c.sampling().distillCandidates()));
        v.put("teacher-scores --random", str(c.sampling().distillRandom()));
        v.put("teacher-scores --seed", str(c.seed()));
        v.put("recommend --candidates", str(c.evaluation().candidates()));
        v.put("recommend --k", str(c.evaluation().k()));
        v.put("serve --candidates", str(c.evaluation().candidates()));
        v.put("serve --k", str(c.evaluation().k()));
        return Map.copyOf(v);
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }
}
