package org.distill4ads.distill.train;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows progress: a terminal progress bar (steps/s, ETA and the recent loss of each task), or a
 * plain log line every few steps when no terminal is attached (CI logs, files).
 */
abstract class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** The progress bar library is an optional dependency: a library user may not have it (AUTO then logs). */
    static final boolean BAR_AVAILABLE = available("me.tongfei.progressbar.ProgressBar");

    private static boolean available(String className) {
        try {
            Class.forName(className, false, Progress.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Called after every step; {@code losses} holds each task's recent (smoothed) loss. */
    abstract void update(long step, long epoch, Map<String, Double> losses, double lr, double stepsPerSecond);

    @Override
    public abstract void close();

    static Progress create(ProgressMode mode, long totalSteps, long startStep, int logEvery) {
        return create(mode, totalSteps, startStep, logEvery, LOG::info);
    }

    /** As above, with log lines going to {@code sink}. */
    static Progress create(ProgressMode mode, long totalSteps, long startStep, int logEvery, Consumer<String> sink) {
        ProgressMode m = mode == ProgressMode.AUTO ? (System.console() != null && BAR_AVAILABLE ? ProgressMode.BAR : ProgressMode.LOG) : mode;
        if (m == ProgressMode.BAR && !BAR_AVAILABLE) {
            throw new IllegalStateException("progress mode BAR needs me.tongfei:progressbar on the class path (an optional"
                    + " dependency of distill: add it to your project, or use ProgressMode.LOG)");
        }
        return switch (m) {
            case BAR -> new Bar(totalSteps, startStep);
            case LOG -> new Lines(totalSteps, logEvery, sink);
            default -> new Progress() {
                @Override
                void update(long step, long epoch, Map<String, Double> losses, double lr, double stepsPerSecond) {}

                @Override
                public void close() {}
            };
        };
    }

    static String describe(Map<String, Double> losses) {
        StringJoiner j = new StringJoiner(" ");
        losses.forEach((task, loss) -> j.add(String.format(Locale.ROOT, "%s=%.4f", task, loss)));
        return j.toString();
    }

    /** me.tongfei progress bar: it renders the speed and ETA itself. */
    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(long total, long start) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" steps", 1).showSpeed().startsFrom(start, Duration.ZERO).setUpdateIntervalMillis(500)
                    .build();
        }

        @Override
        void update(long step, long epoch, Map<String, Double> losses, double lr, double stepsPerSecond) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " | epoch %d %s lr=%.2e", epoch, describe(losses), lr));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** One INFO line every {@code every} steps and at the last step. */
    private static final class Lines extends Progress {
        private final long total;
        private final int every;
        private final Consumer<String> sink;

        Lines(long total, int every, Consumer<String> sink) {
            this.total = total;
            this.every = every;
            this.sink = sink;
        }

        @Override
        void update(long step, long epoch, Map<String, Double> losses, double lr, double stepsPerSecond) {
            if (step % every == 0 || step == total) {
                sink.accept(String.format(Locale.ROOT, "step %d/%d epoch %d | %s | lr %.3e | %.2f steps/s",
                        step, total, epoch, describe(losses), lr, stepsPerSecond));
            }
        }

        @Override
        public void close() {}
    }
}
