package dev.stellar.finetune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.ClassWeights;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.Metric;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.MetricValues;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FlopModel;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.arch.KernelKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    public TrainingLoop(
            ClassifierModel model, TrainingSettings settings, long seed, int checkpointEverySteps, BuildLog log) {
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
        long started = System.nanoTime();
        Map<String, Parameter> trainable = model.trainableParameters();
        try (NDManager optimizerState = model.manager().newSubManager();
                WeightSnapshot best = new WeightSnapshot(trainable, model.manager())) {
            Run run = new Run(
                    train,
                    validation,
                    checkpoints,
                    trainable,
                    best,
                    new AdamW(trainable, settings.weightDecay(), optimizerState));
            run.resume();
            boolean stoppedEarly = false;
            Random shuffle = new Random(seed);
            for (int epoch = 1; epoch <= settings.epochs() && !stoppedEarly; epoch++) {
                List<int[]> batches = batchOrder(train, shuffle); // replayed, resumed or not
                if (epoch < run.state.epoch) {
                    continue;
                }
                double rate = run.trainEpoch(batches);
                EpochRecord record = run.validate(rate);
                stoppedEarly = run.keepIfBest(record);
                if (!stoppedEarly) {
                    run.endEpoch();
                }
            }
            return run.finish(stoppedEarly, started);
        }
    }

    /** The epoch's batches, drawn from the one seeded generator so that a resumed run replays the same order. */
    private List<int[]> batchOrder(EncodedSplit train, Random shuffle) {
        return settings.speed().groupByLength()
                ? Batches.groupedByLength(Batches.lengths(train), settings.batchSize(), LENGTH_WINDOW, shuffle)
                : Batches.shuffled(train.size(), settings.batchSize(), shuffle);
    }

    /** One training run: what it trains with, and its {@link TrainingState}. */
    private final class Run {

        private final EncodedSplit train;
        private final EncodedSplit validation;
        private final ResumeStore checkpoints;
        private final Map<String, Parameter> trainable;
        private final WeightSnapshot best;
        private final AdamW optimizer;
        private final OptimizerStep step;
        private final Scorer scorer;
        private final LinearWarmupSchedule schedule;
        private final int stepsPerEpoch;
        private final long splitTokens;
        private final TrainingState state;
        private final double[] classWeights;
        private long epochStart;

        Run(
                EncodedSplit train,
                EncodedSplit validation,
                ResumeStore checkpoints,
                Map<String, Parameter> trainable,
                WeightSnapshot best,
                AdamW optimizer) {
            this.train = train;
            this.validation = validation;
            this.checkpoints = checkpoints;
            this.trainable = trainable;
            this.best = best;
            this.optimizer = optimizer;
            int batchSize = settings.batchSize();
            stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
            schedule = LinearWarmupSchedule.of(
                    settings.learningRate(), settings.warmupRatio(), stepsPerEpoch * settings.epochs());
            splitTokens = Arrays.stream(Batches.lengths(train)).asLongStream().sum();
            scorer = new Scorer(model, Math.max(64, batchSize * 2));
            log.info(String.format(
                    Locale.ROOT,
                    "Training %d epochs of %d steps (batch %d, %d warm-up steps) on %d"
                            + " rows; validating on %d rows",
                    settings.epochs(),
                    stepsPerEpoch,
                    batchSize,
                    schedule.warmupSteps(),
                    train.size(),
                    validation.size()));
            ModelTask task = model.task();
            settings.selectBestBy().metric().requireFits(task.problemType(), "selectBestBy");
            classWeights = classWeights(task);
            step = new OptimizerStep(
                    model,
                    trainable,
                    optimizer,
                    settings.maxGradNorm(),
                    microBatchRows(train),
                    frozenActivations(train),
                    LossScaler.forKind(KernelKind.of(settings.precision())),
                    classWeights);
            state = TrainingState.start(checkpoints == null ? "" : checkpoints.fingerprint(), train.size());
        }

        /**
         * classWeights resolved on the train split and logged: row weights for single-label, positive-cell weights
         * (pos_weight) for multi-label; {@code null} for none. Regression has no labels to weigh.
         */
        private double[] classWeights(ModelTask task) {
            ClassWeights weights = settings.classWeights();
            if (weights.none()) {
                return null;
            }
            if (task.isRegression()) {
                throw new ConfigurationException(
                        "classWeights",
                        weights.mode(),
                        "class weights weigh labels, and a regression problem has none",
                        "remove classWeights");
            }
            double[] resolved = task.isSingleLabel()
                    ? weights.resolve(model.labels(), train.labels())
                    : weights.resolvePositive(model.labels(), train.targets());
            log.info("Class weights (" + weights.mode()
                    + (task.isMultiLabel() ? ", on each label's positive cells as BCE pos_weight" : "") + "): "
                    + ClassWeights.describe(model.labels(), resolved));
            return resolved;
        }

        /** Puts back the weights, moments, best snapshot and position of a checkpoint, if there is one. */
        void resume() {
            if (checkpoints == null) {
                return;
            }
            checkpoints.restore(trainable, optimizer, best, log).ifPresent(saved -> {
                state.resumeFrom(saved);
                log.info("Resuming from the checkpoint in " + checkpoints.directory() + ": epoch " + saved.epoch
                        + ", step " + saved.globalStep + " of " + stepsPerEpoch * settings.epochs());
            });
        }

        /** Trains the current epoch from its next batch on; returns the last learning rate used. */
        double trainEpoch(List<int[]> batches) {
            ProgressMeter meter =
                    new ProgressMeter(log, "epoch " + state.epoch + "/" + settings.epochs(), train.size(), "samples");
            epochStart = System.nanoTime() - (long) (state.epochSecondsSoFar * 1e9);
            double rate = 0;
            while (state.batch < batches.size()) {
                int[] rows = batches.get(state.batch);
                rate = schedule.rate(state.globalStep);
                Engine.getInstance().setRandomSeed(stepSeed(state.globalStep));
                BatchOutcome outcome = step.run(train, rows, rate);
                state.globalStep++;
                state.batch++;
                if (outcome.skipped()) {
                    log.debug(String.format(
                            Locale.ROOT,
                            "Step %d skipped: fp16 gradients overflowed; the loss scale is halved",
                            state.globalStep));
                } else if (!Double.isFinite(outcome.loss()) || !Double.isFinite(outcome.gradientNorm())) {
                    throw diverged(outcome, state.globalStep, state.epoch, state.batch, batches.size(), checkpoints);
                }
                state.record(
                        train.labels() != null ? Batches.labels(train, rows) : new int[rows.length],
                        outcome.predictions(),
                        outcome.loss());
                meter.advance(rows.length, String.format(Locale.ROOT, "loss %.4f", state.meanLoss()));
                if (checkpointEverySteps > 0
                        && state.globalStep % checkpointEverySteps == 0
                        && state.batch < batches.size()) {
                    checkpoint();
                }
            }
            return rate;
        }

        /** The epoch's figures: the training tallies, and the validation split scored now. */
        EpochRecord validate(double rate) {
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            // Training accuracy and F1 come from the batches' own argmax: single-label only.
            boolean singleLabel = model.task().isSingleLabel();
            ClassificationMetrics trainMetrics = singleLabel
                    ? ClassificationMetrics.of(state.truth, state.predicted, model.labels(), state.meanLoss())
                    : null;
            long validationStart = System.nanoTime();
            Scores scores = scorer.score(validation, log, "validation " + state.epoch + "/" + settings.epochs());
            double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
            ClassificationMetrics validationMetrics = SplitFigures.of(model, validation, scores);
            EpochRecord record = new EpochRecord(
                    state.epoch,
                    state.globalStep,
                    state.meanLoss(),
                    singleLabel ? trainMetrics.accuracy() : Double.NaN,
                    singleLabel ? trainMetrics.f1() : Double.NaN,
                    validationMetrics.loss(),
                    validationMetrics.accuracy(),
                    validationMetrics.f1(),
                    trainSeconds,
                    validationSeconds,
                    train.size() / trainSeconds,
                    splitTokens / trainSeconds,
                    rate,
                    byMetric(validationMetrics));
            state.epochs.add(record);
            log.info(describe(record, settings.epochs(), model.task()));
            return record;
        }

        private static Map<String, Double> byMetric(ClassificationMetrics metrics) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                values.put(metric.id(), MetricValues.of(metric, metrics));
            }
            return values;
        }

        /**
         * Snapshots the weights when this epoch is the best so far (the last epoch's are the model's own);
         * returns true when early stopping ends the run here.
         */
        boolean keepIfBest(EpochRecord record) {
            SelectBestBy criterion = settings.selectBestBy();
            double value = record.value(criterion);
            int epoch = record.epoch();
            if (Double.isNaN(value)) {
                log.warn("selectBestBy " + criterion.id() + ": the " + criterion.figure() + " of epoch " + epoch
                        + " is undefined (a label has no rows in the validation split): an epoch that has it is"
                        + " kept before one that has not. Fix: choose another selectBestBy, or a validation split"
                        + " with every label");
            }
            boolean firstDefined = Double.isNaN(state.bestValue) && !Double.isNaN(value);
            if (state.bestEpoch == 0 || firstDefined || criterion.isBetter(value, state.bestValue)) {
                state.bestEpoch = epoch;
                state.bestValue = value;
                if (epoch < settings.epochs()) {
                    best.take();
                }
                return false;
            }
            int patience = settings.earlyStoppingPatience();
            if (patience > 0 && epoch - state.bestEpoch >= patience) {
                log.info("Stopping early: " + criterion.figure() + " has not improved for " + (epoch - state.bestEpoch)
                        + " epoch(s) (earlyStoppingPatience " + patience + ")");
                return true;
            }
            return false;
        }

        /** Moves on to the next epoch, checkpointing there unless training is over. */
        void endEpoch() {
            boolean last = state.epoch == settings.epochs();
            state.nextEpoch();
            if (!last) {
                checkpoint();
            }
        }

        private void checkpoint() {
            if (checkpoints != null) {
                checkpoints.save(
                        state.checkpoint(optimizer.updates(), best.isTaken(), (System.nanoTime() - epochStart) / 1e9),
                        trainable,
                        optimizer,
                        best);
            }
        }

        /** Puts the best epoch's weights back when a later epoch ended the run. */
        TrainingResult finish(boolean stoppedEarly, long started) {
            SelectBestBy criterion = settings.selectBestBy();
            if (state.bestEpoch != state.epochs.size()) {
                best.restore();
                log.info("Keeping the weights of epoch " + state.bestEpoch + ", the best by " + criterion.figure());
            }
            return new TrainingResult(
                    List.copyOf(state.epochs),
                    state.bestEpoch,
                    criterion.id(),
                    stoppedEarly,
                    state.globalStep,
                    (System.nanoTime() - started) / 1e9,
                    classWeights == null ? null : ClassWeights.byLabel(model.labels(), classWeights));
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
            log.info(String.format(
                    Locale.ROOT,
                    "Micro-batches of %d rows, gradients accumulated to batches of %d (%s)",
                    rows,
                    settings.batchSize(),
                    speed.microBatchSize() > 0 ? "microBatchSize" : "to fit memoryBudgetMiB " + plan.budgetMiB()));
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
            log.info(String.format(
                    Locale.ROOT,
                    "Not caching frozen activations: %.0f MiB would exceed half of"
                            + " memoryBudgetMiB %d or of the free heap (raise -Xmx in jvmArgs, or memoryBudgetMiB)",
                    bytes / 1048576.0,
                    plan.budgetMiB()));
            return null;
        }
        long start = System.nanoTime();
        FrozenActivations cache = FrozenActivations.compute(model, train, Math.max(64, settings.batchSize() * 2), log);
        double seconds = (System.nanoTime() - start) / 1e9;
        int frozen = model.network().frozenLayers();
        FlopModel flops =
                new FlopModel(model.config(), model.network().classifier().linearShapes());
        double share = frozen * flops.layerForward(64) / flops.train(new long[] {64}, settings.freezeLayerCount());
        log.info(String.format(
                Locale.ROOT,
                "Cached the frozen embeddings and %d layer(s) for %d rows (%.0f MiB) in"
                        + " %.1f s: every epoch skips their forward pass, about %.0f%% of a training step's matrix work",
                frozen,
                train.size(),
                bytes / 1048576.0,
                seconds,
                100 * share));
        return cache;
    }

    /** Dropout's generator is seeded per step, so the run does not depend on where it was resumed. */
    private int stepSeed(int globalStep) {
        return (int) (seed * 1_000_003L + globalStep);
    }

    private TrainingDivergedException diverged(
            BatchOutcome outcome, int globalStep, int epoch, int batch, int batches, ResumeStore checkpoints) {
        String what = !Double.isFinite(outcome.loss())
                ? "the loss became " + outcome.loss()
                : "the gradient norm became " + outcome.gradientNorm();
        String lastGood = checkpoints != null && checkpoints.exists()
                ? " The last good checkpoint is " + checkpoints.directory() + "."
                : " No checkpoint was written yet.";
        return new TrainingDivergedException(String.format(
                Locale.ROOT,
                "Training diverged: %s at step %d (epoch %d, batch %d of %d).%s Fix: lower learningRate (now %s)%s.",
                what,
                globalStep,
                epoch,
                batch,
                batches,
                lastGood,
                settings.learningRate(),
                settings.maxGradNorm() > 0 ? "" : " or set maxGradNorm, e.g. 1.0"));
    }

    static String describe(EpochRecord r, int epochs, ModelTask task) {
        if (!task.isSingleLabel()) {
            Map<String, Double> v = r.validationMetrics();
            String figures = task.isMultiLabel()
                    ? String.format(
                            Locale.ROOT,
                            "micro-F1 %.3f macro-F1 %.3f subset acc %.3f",
                            v.get(Metric.MICRO_F1.id()),
                            v.get(Metric.MACRO_F1.id()),
                            v.get(Metric.ACCURACY.id()))
                    : String.format(
                            Locale.ROOT,
                            "MSE %.4f Pearson %.3f Spearman %.3f",
                            v.get(Metric.MSE.id()),
                            v.get(Metric.PEARSON.id()),
                            v.get(Metric.SPEARMAN.id()));
            return String.format(
                    Locale.ROOT,
                    "Epoch %d/%d: train loss %.4f | validation loss %.4f %s | %.1f s (%.1f samples/s, %.0f tokens/s)",
                    r.epoch(),
                    epochs,
                    r.trainLoss(),
                    r.validationLoss(),
                    figures,
                    r.trainSeconds() + r.validationSeconds(),
                    r.trainSamplesPerSecond(),
                    r.trainTokensPerSecond());
        }
        return String.format(
                Locale.ROOT,
                "Epoch %d/%d: train loss %.4f acc %.3f F1 %.3f | validation loss %.4f acc %.3f"
                        + " F1 %.3f | %.1f s (%.1f samples/s, %.0f tokens/s)",
                r.epoch(),
                epochs,
                r.trainLoss(),
                r.trainAccuracy(),
                r.trainF1(),
                r.validationLoss(),
                r.validationAccuracy(),
                r.validationF1(),
                r.trainSeconds() + r.validationSeconds(),
                r.trainSamplesPerSecond(),
                r.trainTokensPerSecond());
    }
}
