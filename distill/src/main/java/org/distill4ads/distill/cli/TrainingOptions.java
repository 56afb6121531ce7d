package org.distill4ads.distill.cli;

import java.nio.file.Path;
import org.distill4ads.distill.train.ProgressMode;
import picocli.CommandLine.Option;

/** Steps, batch size, learning rate, seed, training folder and progress display of the training commands. */
final class TrainingOptions {
    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "pairs per batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--seed", paramLabel = "S", description = "seeds the initial weights and the batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--training-dir", paramLabel = "DIR",
            description = "where the metrics log and checkpoints go (default: <out>-training beside the output folder)")
    Path trainingDir;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, log lines otherwise), bar, log or none (default: ${DEFAULT-VALUE})")
    ProgressMode progress;

    /** The training folder: {@code --training-dir}, or {@code <out>-training} beside {@code out}. */
    Path runDir(Path out) {
        if (trainingDir != null) {
            return trainingDir;
        }
        Path abs = out.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + "-training");
    }
}
