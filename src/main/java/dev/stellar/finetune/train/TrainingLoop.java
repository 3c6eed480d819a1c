package dev.stellar.finetune.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a classifier: shuffled batches, AdamW on a linear warm-up/decay schedule, validation after
 * every epoch, the best epoch's weights kept (by {@code selectBestBy}), optional early stopping.
 */
public final class TrainingLoop {

    private final ClassifierModel model;
    private final TrainingSettings settings;
    private final long seed;
    private final BuildLog log;

    public TrainingLoop(ClassifierModel model, TrainingSettings settings, long seed, BuildLog log) {
        this.model = model;
        this.settings = settings;
        this.seed = seed;
        this.log = log;
    }

    public TrainingResult run(EncodedSplit train, EncodedSplit validation) {
        int batchSize = settings.batchSize();
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        int totalSteps = stepsPerEpoch * settings.epochs();
        LinearWarmupSchedule schedule = LinearWarmupSchedule.of(settings.learningRate(), settings.warmupRatio(),
                totalSteps);
        Map<String, Parameter> trainable = model.trainableParameters();
        List<String> labels = model.labels();
        SelectBestBy criterion = settings.selectBestBy();
        Scorer scorer = new Scorer(model, Math.max(64, batchSize * 2));
        Random shuffle = new Random(seed);
        List<EpochRecord> epochs = new ArrayList<>();
        long started = System.nanoTime();
        log.info(String.format(Locale.ROOT, "Training %d epochs of %d steps (batch %d, %d warm-up steps) on %d rows;"
                + " validating on %d rows", settings.epochs(), stepsPerEpoch, batchSize, schedule.warmupSteps(),
                train.size(), validation.size()));
        try (NDManager optimizerState = model.manager().newSubManager();
                WeightSnapshot best = new WeightSnapshot(trainable, model.manager())) {
            OptimizerStep step = new OptimizerStep(model, trainable,
                    new AdamW(trainable, settings.weightDecay(), optimizerState), settings.maxGradNorm());
            int globalStep = 0;
            int bestEpoch = 0;
            double bestValue = Double.NaN;
            boolean stoppedEarly = false;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                String task = "epoch " + epoch + "/" + settings.epochs();
                ProgressMeter meter = new ProgressMeter(log, task, train.size(), "samples");
                int[] truth = new int[train.size()];
                int[] predicted = new int[train.size()];
                int seen = 0;
                double lossSum = 0;
                double rate = 0;
                List<int[]> batches = Batches.shuffled(train.size(), batchSize, shuffle);
                for (int b = 0; b < batches.size(); b++) {
                    int[] rows = batches.get(b);
                    rate = schedule.rate(globalStep);
                    BatchOutcome outcome = step.run(train, rows, rate);
                    globalStep++;
                    if (!Double.isFinite(outcome.loss()) || !Double.isFinite(outcome.gradientNorm())) {
                        throw diverged(outcome, globalStep, epoch, b + 1, batches.size());
                    }
                    int[] rowLabels = Batches.labels(train, rows);
                    System.arraycopy(rowLabels, 0, truth, seen, rows.length);
                    System.arraycopy(outcome.predictions(), 0, predicted, seen, rows.length);
                    seen += rows.length;
                    lossSum += outcome.loss() * rows.length;
                    meter.advance(rows.length, String.format(Locale.ROOT, "loss %.4f", lossSum / seen));
                }
                double trainSeconds = meter.elapsedSeconds();
                ClassificationMetrics trainMetrics = ClassificationMetrics.of(truth, predicted, labels, lossSum / seen);
                long validationStart = System.nanoTime();
                Scores scores = scorer.score(validation, log, "validation " + epoch + "/" + settings.epochs());
                double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
                ClassificationMetrics validationMetrics = ClassificationMetrics.of(validation.labels(),
                        scores.predictions(), labels, scores.loss());
                EpochRecord record = new EpochRecord(epoch, globalStep, trainMetrics.loss(), trainMetrics.accuracy(),
                        trainMetrics.f1(), validationMetrics.loss(), validationMetrics.accuracy(),
                        validationMetrics.f1(), trainSeconds, validationSeconds, train.size() / trainSeconds, rate);
                epochs.add(record);
                log.info(describe(record, settings.epochs()));
                double value = record.value(criterion);
                if (bestEpoch == 0 || criterion.isBetter(value, bestValue)) {
                    bestEpoch = epoch;
                    bestValue = value;
                    if (epoch < settings.epochs()) {
                        best.take();
                    }
                } else if (settings.earlyStoppingPatience() > 0
                        && epoch - bestEpoch >= settings.earlyStoppingPatience()) {
                    log.info("Stopping early: validation " + criterion.id() + " has not improved for "
                            + (epoch - bestEpoch) + " epoch(s) (earlyStoppingPatience " + settings.earlyStoppingPatience()
                            + ")");
                    stoppedEarly = true;
                    break;
                }
            }
            if (bestEpoch != epochs.size()) {
                best.restore();
                log.info("Keeping the weights of epoch " + bestEpoch + ", the best by validation " + criterion.id());
            }
            return new TrainingResult(epochs, bestEpoch, criterion.id(), stoppedEarly, globalStep,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private TrainingDivergedException diverged(BatchOutcome outcome, int globalStep, int epoch, int batch,
            int batches) {
        String what = !Double.isFinite(outcome.loss()) ? "the loss became " + outcome.loss()
                : "the gradient norm became " + outcome.gradientNorm();
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "Training diverged: %s at step %d (epoch %d, batch %d of %d). Fix: lower learningRate (now %s)%s.",
                what, globalStep, epoch, batch, batches, settings.learningRate(),
                settings.maxGradNorm() > 0 ? "" : " or set maxGradNorm, e.g. 1.0"));
    }

    static String describe(EpochRecord r, int epochs) {
        return String.format(Locale.ROOT, "Epoch %d/%d: train loss %.4f acc %.3f F1 %.3f | validation loss %.4f acc %.3f"
                + " F1 %.3f | %.1f s (%.1f samples/s)", r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(),
                r.trainF1(), r.validationLoss(), r.validationAccuracy(), r.validationF1(),
                r.trainSeconds() + r.validationSeconds(), r.trainSamplesPerSecond());
    }
}
