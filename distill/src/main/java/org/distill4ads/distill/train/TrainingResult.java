package org.distill4ads.distill.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a call to {@link Trainer#fit()} or a resume ended.
 *
 * @param steps          optimizer steps taken in total (including skipped and earlier, resumed ones)
 * @param epoch          epoch of the last batch
 * @param stoppedEarly   early stopping ended the run
 * @param interrupted    {@link Trainer#requestStop()} ended the run before its last step
 * @param bestMetric     best value of the early-stopping metric ({@code NaN} without early stopping)
 * @param skippedSteps   steps dropped for non-finite values
 * @param recentLosses   each task's smoothed recent loss
 * @param lastCheckpoint the newest checkpoint written or resumed from, or {@code null}
 * @param metricsFile    the JSON-lines metrics log
 */
public record TrainingResult(long steps, long epoch, boolean stoppedEarly, boolean interrupted, double bestMetric,
                             long skippedSteps, Map<String, Double> recentLosses, Path lastCheckpoint, Path metricsFile) {}
