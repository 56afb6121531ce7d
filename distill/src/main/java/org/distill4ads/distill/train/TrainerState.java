package org.distill4ads.distill.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything beyond weights and optimizer moments that a resumed run needs to continue exactly
 * where it stopped ({@code trainer.json} in a checkpoint). The sampler's and dropout's
 * randomness are pure functions of (seed, epoch, step), so positions are the whole RNG state.
 *
 * @param step               optimizer steps taken (including skipped ones)
 * @param epoch              epoch of the next batch
 * @param cursor             index of the next batch within that epoch
 * @param bestMetric         best early-stopping metric so far ({@code NaN}: none yet)
 * @param evalsSinceBest     evaluations since the best one
 * @param skippedSteps       steps skipped for non-finite values
 * @param stopped            early stopping ended the run
 * @param seed               the run's seed (checked on resume)
 * @param taskNames          task names in order (checked on resume)
 * @param epochLength        batches per epoch (checked on resume)
 * @param totalSteps         planned optimizer steps (checked on resume: the LR schedule depends on it)
 */
public record TrainerState(long step, long epoch, int cursor, double bestMetric, int evalsSinceBest, long skippedSteps,
                           boolean stopped, long seed, List<String> taskNames, int epochLength, long totalSteps) {
    static final String FILE = "trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TrainerState {
        taskNames = List.copyOf(taskNames);
    }

    void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE), JSON.writeValueAsString(this));
    }

    static TrainerState read(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException(checkpoint + " is not a trainer checkpoint: it has no " + FILE);
        }
        try {
            return JSON.readValue(file.toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the trainer state: " + e.getMessage(), e);
        }
    }

    /** Throws when this checkpoint belongs to a run configured differently from {@code current}. */
    void checkCompatible(TrainerState current, Path checkpoint) {
        StringBuilder diff = new StringBuilder();
        if (seed != current.seed) {
            diff.append(" seed ").append(seed).append(" != ").append(current.seed).append(';');
        }
        if (!taskNames.equals(current.taskNames)) {
            diff.append(" tasks ").append(taskNames).append(" != ").append(current.taskNames).append(';');
        }
        if (epochLength != current.epochLength) {
            diff.append(" batches per epoch ").append(epochLength).append(" != ").append(current.epochLength).append(';');
        }
        if (totalSteps != current.totalSteps) {
            diff.append(" total steps ").append(totalSteps).append(" != ").append(current.totalSteps).append(';');
        }
        if (diff.length() > 0) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was written by a differently configured run"
                    + " (checkpoint vs now):" + diff);
        }
    }
}
