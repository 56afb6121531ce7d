package org.distill4ads.distill.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.nn.io.SafeTensors;
import org.distill4ads.nn.module.Module;
import org.distill4ads.nn.optim.AdamW;

/**
 * The files of a run: model weights and AdamW state as safetensors (which
 * {@link SafeTensors#save} writes atomically).
 */
final class RunFiles {
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String BEST = "best-model.safetensors";

    private RunFiles() {}

    /** AdamW over every parameter; weight decay on matrices only (AdamW's default: not biases or norms). */
    static AdamW newOptimizer(Module model, OptimizerSettings s) {
        return new AdamW(model.namedParameters(), s.learningRate(), s.beta1(), s.beta2(), s.epsilon(), s.weightDecay());
    }

    static void saveModel(Path folder, Module model) throws IOException {
        SafeTensors.save(folder.resolve(MODEL), model.stateDict());
    }

    static void loadModel(Path checkpoint, Module model) throws IOException {
        model.loadStateDict(SafeTensors.load(require(checkpoint.resolve(MODEL))), true);
    }

    static void saveOptimizer(Path folder, AdamW optimizer) throws IOException {
        SafeTensors.save(folder.resolve(OPTIMIZER), optimizer.state());
    }

    static void loadOptimizer(Path checkpoint, AdamW optimizer) throws IOException {
        optimizer.loadState(SafeTensors.load(require(checkpoint.resolve(OPTIMIZER))));
    }

    /** The weights at the best evaluation so far. */
    static void saveBestModel(Path runDir, Module model) throws IOException {
        SafeTensors.save(runDir.resolve(BEST), model.stateDict());
    }

    /** Loads the weights of the best evaluation into {@code model}; false when {@code runDir} holds none. */
    static boolean loadBestModel(Path runDir, Module model) throws IOException {
        Path best = runDir.resolve(BEST);
        if (!Files.exists(best)) {
            return false;
        }
        model.loadStateDict(SafeTensors.load(best), true);
        return true;
    }

    private static Path require(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("checkpoint file " + file + " is missing");
        }
        return file;
    }
}
