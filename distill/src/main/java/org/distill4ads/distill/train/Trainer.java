package org.distill4ads.distill.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Module;
import org.distill4ads.nn.optim.AdamW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model on several tasks at once: each step takes a batch from one task (chosen by a
 * seeded {@link BatchSampler}), back-propagates its weighted loss, clips the gradient and takes
 * an AdamW step on a warm-up + decay schedule. It evaluates, stops early, writes checkpoints and
 * resumes from them so that an interrupted run ends with exactly the weights of an
 * uninterrupted one.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, List.of(clicks, teacher), TrainerConfig.defaults(runDir), evaluator);
 * TrainingResult result = trainer.resumeLatest();   // starts fresh when runDir has no checkpoint
 * }</pre>
 *
 * <p><b>Determinism.</b> Batch order is a function of (seed, epoch); before every batch the
 * model is {@linkplain Module#reseed re-seeded} from (seed, batch number), so dropout replays;
 * a checkpoint holds the weights, the optimizer's moments, and the positions. Same seed, same
 * tasks → same weights, bit for bit, whether or not the run was interrupted.
 *
 * <p><b>Memory.</b> Each batch's forward and backward run inside a {@link Tape}, which frees the
 * intermediates when the batch is done; only parameters, their gradients and optimizer state
 * live across steps.
 *
 * <p><b>Safety.</b> A non-finite loss or gradient norm never reaches the weights: the step
 * throws {@link NonFiniteLossException} (naming the task and step) or, with
 * {@link NonFinitePolicy#SKIP}, is dropped and counted.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Smoothing of the per-task loss shown in the progress display. */
    private static final double EMA = 0.9;

    private final Module model;
    private final List<TrainingTask<?>> tasks;
    private final TrainerConfig config;
    private final Evaluator evaluator;
    private final BatchSampler sampler;
    private final long totalSteps;
    private volatile boolean stopRequested;

    /**
     * @param model     the module whose parameters all tasks train (their losses must reach them)
     * @param tasks     at least one task; names must be distinct
     * @param config    the run's configuration
     * @param evaluator called every {@code config.evalEvery()} steps; may be {@code null} when
     *                  {@code evalEvery} is 0
     */
    public Trainer(Module model, List<? extends TrainingTask<?>> tasks, TrainerConfig config, Evaluator evaluator) {
        if (model == null || config == null) {
            throw new IllegalArgumentException("a Trainer needs a model and a config, got model=" + model + " config=" + config);
        }
        if (model.parameters().isEmpty()) {
            throw new IllegalArgumentException("the model has no parameters to train");
        }
        this.sampler = new BatchSampler(tasks, config.sampling(), config.seed());
        Set<String> names = new HashSet<>();
        for (TrainingTask<?> t : tasks) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two tasks are named '" + t.name() + "'; task names must be distinct");
            }
        }
        if (config.evalEvery() > 0 && evaluator == null) {
            throw new IllegalArgumentException("evalEvery = " + config.evalEvery() + " needs an Evaluator, got null");
        }
        this.model = model;
        this.tasks = List.copyOf(tasks);
        this.config = config;
        this.evaluator = evaluator;
        long perEpoch = (long) sampler.epochLength() * config.epochs() / config.accumulationSteps();
        this.totalSteps = config.maxSteps() > 0 ? config.maxSteps() : perEpoch;
        if (totalSteps < 1) {
            throw new IllegalArgumentException("the run has no steps: " + sampler.epochLength() + " batches per epoch x "
                    + config.epochs() + " epochs is fewer than " + config.accumulationSteps() + " accumulation steps");
        }
    }

    /**
     * Loads into {@code model} the weights of the best evaluation of the run in {@code runDir}
     * (the trainer keeps them in {@code best-model.safetensors} whenever early stopping is on, at
     * every improvement of its metric). Returns false, leaving the model alone, when there are none.
     */
    public static boolean restoreBest(Path runDir, Module model) throws IOException {
        return RunFiles.loadBestModel(runDir, model);
    }

    /** Optimizer steps the run takes unless it stops early. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Batches per epoch over all tasks. */
    public int batchesPerEpoch() {
        return sampler.epochLength();
    }

    /**
     * Asks a running {@link #fit()} to stop after the current step; it writes a checkpoint (when
     * checkpoints are on) and returns with {@link TrainingResult#interrupted()} set. Thread-safe.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains from the model's current weights. Refuses a run folder that already holds checkpoints. */
    public TrainingResult fit() throws IOException {
        CheckpointStore store = store();
        Optional<Path> existing = store.latest();
        if (existing.isPresent()) {
            throw new IllegalStateException("run folder " + config.runDir() + " already holds checkpoint " + existing.get()
                    + "; call resumeLatest() to continue it or choose a new run folder");
        }
        return run(initialState(), null);
    }

    /** Continues from the newest checkpoint in the run folder, or starts fresh when there is none. */
    public TrainingResult resumeLatest() throws IOException {
        Optional<Path> latest = store().latest();
        return latest.isPresent() ? resume(latest.get()) : run(initialState(), null);
    }

    /** Continues from {@code checkpoint} (a {@code step-…} folder written by a run with this configuration). */
    public TrainingResult resume(Path checkpoint) throws IOException {
        TrainerState state = TrainerState.read(checkpoint);
        state.checkCompatible(initialState(), checkpoint);
        return run(state, checkpoint);
    }

    private CheckpointStore store() {
        return new CheckpointStore(config.checkpointDir(), config.keepCheckpoints());
    }

    private TrainerState initialState() {
        List<String> names = tasks.stream().map(TrainingTask::name).toList();
        return new TrainerState(0, 0, 0, Double.NaN, 0, 0, false, config.seed(), names, sampler.epochLength(), totalSteps);
    }

    private TrainingResult run(TrainerState start, Path checkpoint) throws IOException {
        stopRequested = false;
        Files.createDirectories(config.runDir());
        AdamW optimizer = RunFiles.newOptimizer(model, config.optimizer());
        if (checkpoint != null) {
            RunFiles.loadModel(checkpoint, model);
            RunFiles.loadOptimizer(checkpoint, optimizer);
            LOG.info("resuming from {} at step {} of {}", checkpoint, start.step(), totalSteps);
        }
        Loop loop = new Loop(start, optimizer, checkpoint);
        try (MetricsLog log = MetricsLog.open(config.metricsFile(), checkpoint == null ? -1 : start.step());
             Progress progress = Progress.create(config.progress(), totalSteps, start.step(), config.logEvery())) {
            return loop.run(log, progress, store());
        } finally {
            model.zeroGrad();
        }
    }

    /** The mutable state of one call to fit/resume. */
    private final class Loop {
        private final AdamW optimizer;
        private final List<Tensor> params = model.parameters();
        private final Map<String, Double> recent = new LinkedHashMap<>();
        private long step;
        private long epoch;
        private int cursor;
        private List<BatchSampler.Batch> plan;
        private double best;
        private int evalsSinceBest;
        private long skipped;
        private boolean stopped;
        private Path lastCheckpoint;
        private final long startNanos = System.nanoTime();

        Loop(TrainerState s, AdamW optimizer, Path resumedFrom) {
            this.optimizer = optimizer;
            lastCheckpoint = resumedFrom;
            step = s.step();
            epoch = s.epoch();
            cursor = s.cursor();
            best = s.bestMetric();
            evalsSinceBest = s.evalsSinceBest();
            skipped = s.skippedSteps();
            stopped = s.stopped();
            plan = sampler.epoch(epoch);
        }

        TrainingResult run(MetricsLog log, Progress progress, CheckpointStore store) throws IOException {
            long firstStep = step;
            model.train(true);
            while (step < totalSteps && !stopped && !stopRequested) {
                trainStep(log);
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                progress.update(step, epoch, recent, Schedules.learningRate(config.optimizer(), step - 1, totalSteps),
                        (step - firstStep) / Math.max(seconds, 1e-9));
                boolean last = step == totalSteps || stopRequested;
                if (config.evalEvery() > 0 && (step % config.evalEvery() == 0 || last)) {
                    evaluate(log);
                }
                last |= stopped || stopRequested;
                if (config.checkpointEvery() > 0 && (step % config.checkpointEvery() == 0 || last)) {
                    lastCheckpoint = store.save(step, this::writeCheckpoint);
                }
            }
            return new TrainingResult(step, epoch, stopped, stopRequested && !stopped && step < totalSteps, best,
                    skipped, Map.copyOf(recent), lastCheckpoint, config.metricsFile());
        }

        private void trainStep(MetricsLog log) {
            int accumulation = config.accumulationSteps();
            String[] names = new String[accumulation];
            double[] losses = new double[accumulation];
            String bad = null;
            for (int m = 0; m < accumulation; m++) {
                if (cursor >= plan.size()) {
                    epoch++;
                    cursor = 0;
                    plan = sampler.epoch(epoch);
                }
                BatchSampler.Batch batch = plan.get(cursor++);
                TrainingTask<?> task = tasks.get(batch.task());
                names[m] = task.name();
                // Dropout masks depend only on (seed, batch number): a resumed run replays them.
                model.reseed(mix(config.seed(), step * accumulation + m));
                try (Tape tape = Tape.open()) {
                    Tensor loss = lossOf(task, batch.indices());
                    checkLoss(loss, task);
                    losses[m] = loss.item();
                    if (!Double.isFinite(losses[m])) {
                        bad = bad != null ? bad : nonFinite(task.name(), "loss " + losses[m]);
                    } else if (bad == null) {
                        loss.mul(task.weight() / accumulation).backward();
                    }
                }
            }
            double gradNorm = bad == null ? Gradients.norm(params) : Double.NaN;
            if (bad == null && !Double.isFinite(gradNorm)) {
                bad = nonFinite(String.join("+", new LinkedHashSet<>(List.of(names))), "gradient norm " + gradNorm);
            }
            double lr = Schedules.learningRate(config.optimizer(), step, totalSteps);
            if (bad != null) {
                model.zeroGrad();
                skipped++;
                LOG.warn("skipped step {}: {}", step, bad);
            } else {
                if (config.optimizer().maxGradNorm() > 0) {
                    Gradients.clip(params, gradNorm, config.optimizer().maxGradNorm());
                }
                optimizer.setLearningRate(lr);
                optimizer.step();
            }
            step++;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            for (int m = 0; m < accumulation; m++) {
                if (Double.isFinite(losses[m])) {
                    recent.merge(names[m], losses[m], (old, now) -> EMA * old + (1 - EMA) * now);
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("step", step);
                line.put("epoch", epoch);
                line.put("task", names[m]);
                line.put("loss", losses[m]);
                line.put("lr", lr);
                line.put("grad_norm", gradNorm);
                line.put("time_s", seconds);
                line.put("skipped", bad != null);
                log.write(line);
            }
        }

        /** FAIL: clear the gradients and throw; SKIP: return the reason. */
        private String nonFinite(String task, String what) {
            if (config.onNonFinite() == NonFinitePolicy.FAIL) {
                model.zeroGrad();
                throw new NonFiniteLossException(task, step, what);
            }
            return "non-finite " + what + " in task '" + task + "'";
        }

        private void evaluate(MetricsLog log) throws IOException {
            Map<String, Double> metrics;
            model.eval();
            try (Tape tape = Tape.noGrad()) {
                metrics = evaluator.evaluate(step);
            } finally {
                model.train(true);
            }
            if (metrics == null) {
                throw new IllegalStateException("the evaluator returned null at step " + step);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", step);
            line.put("epoch", epoch);
            line.put("eval", new LinkedHashMap<>(metrics));
            log.write(line);
            EarlyStopping es = config.earlyStopping();
            if (es == null) {
                return;
            }
            Double value = metrics.get(es.metric());
            if (value == null) {
                throw new IllegalStateException("early stopping watches metric '" + es.metric()
                        + "' but the evaluator returned only " + metrics.keySet());
            }
            if (es.improves(value, best)) {
                best = value;
                evalsSinceBest = 0;
                RunFiles.saveBestModel(config.runDir(), model);
            } else if (++evalsSinceBest >= es.patience()) {
                stopped = true;
                LOG.info("early stopping at step {}: '{}' has not improved on {} for {} evaluations", step, es.metric(),
                        best, evalsSinceBest);
            }
        }

        private void writeCheckpoint(Path folder) throws IOException {
            RunFiles.saveModel(folder, model);
            RunFiles.saveOptimizer(folder, optimizer);
            List<String> names = tasks.stream().map(TrainingTask::name).toList();
            new TrainerState(step, epoch, cursor, best, evalsSinceBest, skipped, stopped, config.seed(), names,
                    sampler.epochLength(), totalSteps).write(folder);
        }
    }

    private static <E> Tensor lossOf(TrainingTask<E> task, int[] indices) {
        List<E> batch = new ArrayList<>(indices.length);
        for (int i : indices) {
            batch.add(task.examples().get(i));
        }
        return task.loss().loss(batch);
    }

    private void checkLoss(Tensor loss, TrainingTask<?> task) {
        if (loss == null) {
            throw new IllegalStateException("task '" + task.name() + "' returned a null loss");
        }
        if (loss.value().length() != 1) {
            throw new IllegalStateException("task '" + task.name() + "' returned a loss of shape "
                    + java.util.Arrays.toString(loss.shape()) + "; it must be a scalar");
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("task '" + task.name() + "' returned a loss that does not depend on any"
                    + " parameter (was it computed under Tape.noGrad() or from detached tensors?)");
        }
    }

    /** SplitMix64 finalizer of seed and counter: well-spread dropout seeds from consecutive steps. */
    static long mix(long seed, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
