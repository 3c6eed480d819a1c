package dev.stellar.finetune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FlopModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a classifier: shuffled batches, AdamW on a linear warm-up/decay schedule, validation after
 * every epoch, the best epoch's weights kept (by {@code selectBestBy}), optional early stopping.
 *
 * <p>With a {@link ResumeStore} it writes a checkpoint at the end of every epoch (and every
 * {@code checkpointEverySteps}) and continues from one left by a killed run. Each step reseeds the
 * engine's generator from (seed, step) and the batch order is replayed from the seed, so a resumed run
 * ends with the same weights as one that never stopped.
 */
public final class TrainingLoop {

    /** Batches per length-sorting window: wide enough to pad little, narrow enough to keep order random. */
    static final int LENGTH_WINDOW = 50;

    private final ClassifierModel model;
    private final TrainingSettings settings;
    private final long seed;
    private final BuildLog log;
    private final int checkpointEverySteps;

    public TrainingLoop(ClassifierModel model, TrainingSettings settings, long seed, BuildLog log) {
        this(model, settings, seed, 0, log);
    }

    /** @param checkpointEverySteps also checkpoint within epochs, every this many steps; 0 for epoch ends only */
    public TrainingLoop(ClassifierModel model, TrainingSettings settings, long seed, int checkpointEverySteps,
            BuildLog log) {
        this.model = model;
        this.settings = settings;
        this.seed = seed;
        this.checkpointEverySteps = checkpointEverySteps;
        this.log = log;
    }

    public TrainingResult run(EncodedSplit train, EncodedSplit validation) {
        return run(train, validation, null);
    }

    /** @param checkpoints where to checkpoint and resume; {@code null} for neither */
    public TrainingResult run(EncodedSplit train, EncodedSplit validation, ResumeStore checkpoints) {
        int batchSize = settings.batchSize();
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        LinearWarmupSchedule schedule = LinearWarmupSchedule.of(settings.learningRate(), settings.warmupRatio(),
                stepsPerEpoch * settings.epochs());
        Map<String, Parameter> trainable = model.trainableParameters();
        SelectBestBy criterion = settings.selectBestBy();
        Scorer scorer = new Scorer(model, Math.max(64, batchSize * 2));
        long started = System.nanoTime();
        log.info(String.format(Locale.ROOT, "Training %d epochs of %d steps (batch %d, %d warm-up steps) on %d rows;"
                + " validating on %d rows", settings.epochs(), stepsPerEpoch, batchSize, schedule.warmupSteps(),
                train.size(), validation.size()));
        try (NDManager optimizerState = model.manager().newSubManager();
                WeightSnapshot best = new WeightSnapshot(trainable, model.manager())) {
            AdamW optimizer = new AdamW(trainable, settings.weightDecay(), optimizerState);
            OptimizerStep step = new OptimizerStep(model, trainable, optimizer, settings.maxGradNorm(),
                    microBatchRows(train), frozenActivations(train));
            Progress run = Progress.start(train.size());
            if (checkpoints != null) {
                checkpoints.restore(trainable, optimizer, best, log).ifPresent(state -> {
                    run.resumeFrom(state);
                    log.info("Resuming from the checkpoint in " + checkpoints.directory() + ": epoch " + state.epoch()
                            + ", step " + state.globalStep() + " of " + stepsPerEpoch * settings.epochs());
                });
            }
            Random shuffle = new Random(seed);
            int[] lengths = Batches.lengths(train);
            long splitTokens = Arrays.stream(lengths).asLongStream().sum();
            boolean stoppedEarly = false;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                List<int[]> batches = settings.speed().groupByLength() // replayed, resumed or not
                        ? Batches.groupedByLength(lengths, batchSize, LENGTH_WINDOW, shuffle)
                        : Batches.shuffled(train.size(), batchSize, shuffle);
                if (epoch < run.epoch) {
                    continue;
                }
                String task = "epoch " + epoch + "/" + settings.epochs();
                ProgressMeter meter = new ProgressMeter(log, task, train.size(), "samples");
                long epochStart = System.nanoTime() - (long) (run.epochSecondsSoFar * 1e9);
                double rate = 0;
                for (int b = run.batch; b < batches.size(); b++) {
                    int[] rows = batches.get(b);
                    rate = schedule.rate(run.globalStep);
                    Engine.getInstance().setRandomSeed(stepSeed(run.globalStep));
                    BatchOutcome outcome = step.run(train, rows, rate);
                    run.globalStep++;
                    if (!Double.isFinite(outcome.loss()) || !Double.isFinite(outcome.gradientNorm())) {
                        throw diverged(outcome, run.globalStep, epoch, b + 1, batches.size(), checkpoints);
                    }
                    run.record(Batches.labels(train, rows), outcome);
                    meter.advance(rows.length, String.format(Locale.ROOT, "loss %.4f", run.lossSum / run.seen));
                    if (checkpoints != null && checkpointEverySteps > 0 && run.globalStep % checkpointEverySteps == 0
                            && b + 1 < batches.size()) {
                        checkpoints.save(run.state(checkpoints, epoch, b + 1, optimizer, best, epochStart),
                                trainable, optimizer, best);
                    }
                }
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                ClassificationMetrics trainMetrics = ClassificationMetrics.of(run.truth, run.predicted,
                        model.labels(), run.lossSum / run.seen);
                long validationStart = System.nanoTime();
                Scores scores = scorer.score(validation, log, "validation " + epoch + "/" + settings.epochs());
                double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
                ClassificationMetrics validationMetrics = ClassificationMetrics.of(validation.labels(),
                        scores.predictions(), model.labels(), scores.loss());
                EpochRecord record = new EpochRecord(epoch, run.globalStep, trainMetrics.loss(),
                        trainMetrics.accuracy(), trainMetrics.f1(), validationMetrics.loss(),
                        validationMetrics.accuracy(), validationMetrics.f1(), trainSeconds, validationSeconds,
                        train.size() / trainSeconds, splitTokens / trainSeconds, rate);
                run.epochs.add(record);
                log.info(describe(record, settings.epochs()));
                double value = record.value(criterion);
                if (run.bestEpoch == 0 || criterion.isBetter(value, run.bestValue)) {
                    run.bestEpoch = epoch;
                    run.bestValue = value;
                    if (epoch < settings.epochs()) {
                        best.take();
                    }
                } else if (settings.earlyStoppingPatience() > 0
                        && epoch - run.bestEpoch >= settings.earlyStoppingPatience()) {
                    log.info("Stopping early: " + criterion.figure() + " has not improved for "
                            + (epoch - run.bestEpoch) + " epoch(s) (earlyStoppingPatience "
                            + settings.earlyStoppingPatience() + ")");
                    stoppedEarly = true;
                    break;
                }
                run.nextEpoch(epoch + 1);
                if (checkpoints != null && epoch < settings.epochs()) {
                    checkpoints.save(run.state(checkpoints, epoch + 1, 0, optimizer, best, System.nanoTime()),
                            trainable, optimizer, best);
                }
            }
            if (run.bestEpoch != run.epochs.size()) {
                best.restore();
                log.info("Keeping the weights of epoch " + run.bestEpoch + ", the best by "
                        + criterion.figure());
            }
            return new TrainingResult(List.copyOf(run.epochs), run.bestEpoch, criterion.id(), stoppedEarly,
                    run.globalStep, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Rows per forward/backward pass, from {@code microBatchSize} or the memory budget; logged when it splits. */
    private int microBatchRows(EncodedSplit train) {
        SpeedSettings speed = settings.speed();
        int longest = 0;
        for (int length : Batches.lengths(train)) {
            longest = Math.max(longest, length);
        }
        int trained = model.config().numLayers() - Math.max(settings.freezeLayerCount(), 0);
        MemoryPlan plan = new MemoryPlan(speed);
        int rows = plan.microBatchRows(settings.batchSize(), model.config(), trained, longest);
        if (rows < settings.batchSize()) {
            log.info(String.format(Locale.ROOT, "Micro-batches of %d rows, gradients accumulated to batches of %d (%s)",
                    rows, settings.batchSize(), speed.microBatchSize() > 0 ? "microBatchSize"
                            : "to fit memoryBudgetMiB " + plan.budgetMiB()));
        }
        return rows;
    }

    /** The frozen prefix's outputs computed once, when asked for or (auto) when they fit; else {@code null}. */
    private FrozenActivations frozenActivations(EncodedSplit train) {
        SpeedSettings speed = settings.speed();
        Boolean wanted = speed.cacheFrozenActivations();
        if (Boolean.FALSE.equals(wanted) || !model.network().hasFrozenPrefix() || speed.frozenDropout()) {
            return null;
        }
        long bytes = FrozenActivations.bytesFor(train, model.config().hiddenSize());
        MemoryPlan plan = new MemoryPlan(speed);
        if (wanted == null && !plan.cacheFits(bytes)) {
            log.info(String.format(Locale.ROOT, "Not caching frozen activations: %.0f MiB would exceed half of"
                    + " memoryBudgetMiB %d or of the free heap (raise -Xmx in jvmArgs, or memoryBudgetMiB)",
                    bytes / 1048576.0, plan.budgetMiB()));
            return null;
        }
        long start = System.nanoTime();
        FrozenActivations cache = FrozenActivations.compute(model, train, Math.max(64, settings.batchSize() * 2), log);
        double seconds = (System.nanoTime() - start) / 1e9;
        int frozen = model.network().frozenLayers();
        FlopModel flops = new FlopModel(model.config(), model.network().classifier().linearShapes());
        double share = frozen * flops.layerForward(64) / flops.train(new long[] {64}, settings.freezeLayerCount());
        log.info(String.format(Locale.ROOT, "Cached the frozen embeddings and %d layer(s) for %d rows (%.0f MiB) in"
                + " %.1f s: every epoch skips their forward pass, about %.0f%% of a training step's matrix work",
                frozen, train.size(), bytes / 1048576.0, seconds, 100 * share));
        return cache;
    }

    /** Dropout's generator is seeded per step, so the run does not depend on where it was resumed. */
    private int stepSeed(int globalStep) {
        return (int) (seed * 1_000_003L + globalStep);
    }

    private TrainingDivergedException diverged(BatchOutcome outcome, int globalStep, int epoch, int batch,
            int batches, ResumeStore checkpoints) {
        String what = !Double.isFinite(outcome.loss()) ? "the loss became " + outcome.loss()
                : "the gradient norm became " + outcome.gradientNorm();
        String lastGood = checkpoints != null && checkpoints.exists()
                ? " The last good checkpoint is " + checkpoints.directory() + "." : " No checkpoint was written yet.";
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "Training diverged: %s at step %d (epoch %d, batch %d of %d).%s Fix: lower learningRate (now %s)%s.",
                what, globalStep, epoch, batch, batches, lastGood, settings.learningRate(),
                settings.maxGradNorm() > 0 ? "" : " or set maxGradNorm, e.g. 1.0"));
    }

    static String describe(EpochRecord r, int epochs) {
        return String.format(Locale.ROOT, "Epoch %d/%d: train loss %.4f acc %.3f F1 %.3f | validation loss %.4f acc %.3f"
                + " F1 %.3f | %.1f s (%.1f samples/s, %.0f tokens/s)", r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(),
                r.trainF1(), r.validationLoss(), r.validationAccuracy(), r.validationF1(),
                r.trainSeconds() + r.validationSeconds(), r.trainSamplesPerSecond(),
                r.trainTokensPerSecond());
    }

    /** Where the run stands: the position, the finished epochs, the best so far, the current epoch's tallies. */
    private static final class Progress {
        int epoch = 1;
        int batch;
        int globalStep;
        final List<EpochRecord> epochs = new ArrayList<>();
        int bestEpoch;
        double bestValue = Double.NaN;
        int seen;
        double lossSum;
        int[] truth;
        int[] predicted;
        double epochSecondsSoFar;

        static Progress start(int rows) {
            Progress p = new Progress();
            p.truth = new int[rows];
            p.predicted = new int[rows];
            return p;
        }

        void resumeFrom(ResumeState state) {
            epoch = state.epoch();
            batch = state.batch();
            globalStep = state.globalStep();
            epochs.addAll(state.epochs());
            bestEpoch = state.bestEpoch();
            bestValue = state.bestValue();
            seen = state.seen();
            lossSum = state.lossSum();
            System.arraycopy(state.truth(), 0, truth, 0, state.truth().length);
            System.arraycopy(state.predicted(), 0, predicted, 0, state.predicted().length);
            epochSecondsSoFar = state.epochSecondsSoFar();
        }

        void record(int[] labels, BatchOutcome outcome) {
            System.arraycopy(labels, 0, truth, seen, labels.length);
            System.arraycopy(outcome.predictions(), 0, predicted, seen, labels.length);
            seen += labels.length;
            lossSum += outcome.loss() * labels.length;
        }

        void nextEpoch(int next) {
            epoch = next;
            batch = 0;
            seen = 0;
            lossSum = 0;
            epochSecondsSoFar = 0;
        }

        ResumeState state(ResumeStore store, int atEpoch, int atBatch, AdamW optimizer, WeightSnapshot best,
                long epochStart) {
            boolean newEpoch = atBatch == 0;
            return new ResumeState(store.fingerprint(), atEpoch, atBatch, globalStep, optimizer.updates(),
                    List.copyOf(epochs), bestEpoch, bestValue, best.isTaken(), newEpoch ? 0 : seen,
                    newEpoch ? 0 : lossSum, newEpoch ? new int[0] : Arrays.copyOf(truth, seen),
                    newEpoch ? new int[0] : Arrays.copyOf(predicted, seen),
                    newEpoch ? 0 : (System.nanoTime() - epochStart) / 1e9);
        }
    }
}
