package dev.stellar.finetune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a training run stands: its position, the finished epochs, the best so far and the current epoch's
 * tallies. The loop updates it as it trains, and the checkpoint's state.json is a copy of it: enough, with the
 * saved weights, optimizer moments and best-epoch snapshot, to continue exactly as if the run had never stopped.
 */
final class TrainingState {

    /** What the run is training: a checkpoint of another configuration is not resumed. */
    String fingerprint;
    /** The epoch being trained (1-based). */
    int epoch = 1;
    /** The next batch of that epoch (0-based). */
    int batch;
    /** Optimizer steps taken so far; positions the schedule and the dropout seed. */
    int globalStep;

    int optimizerUpdates;
    List<EpochRecord> epochs = new ArrayList<>();
    int bestEpoch;
    double bestValue = Double.NaN;
    boolean hasBestSnapshot;
    /** Training rows seen in the current epoch, with their labels, predictions and loss sum. */
    int seen;

    double lossSum;
    int[] truth = new int[0];
    int[] predicted = new int[0];
    double epochSecondsSoFar;

    static TrainingState start(String fingerprint, int rows) {
        TrainingState state = new TrainingState();
        state.fingerprint = fingerprint;
        state.truth = new int[rows];
        state.predicted = new int[rows];
        return state;
    }

    /** Continues from a checkpoint's state: the tallies go into arrays sized for the whole epoch again. */
    void resumeFrom(TrainingState saved) {
        epoch = saved.epoch;
        batch = saved.batch;
        globalStep = saved.globalStep;
        optimizerUpdates = saved.optimizerUpdates;
        epochs.clear();
        epochs.addAll(saved.epochs);
        bestEpoch = saved.bestEpoch;
        bestValue = saved.bestValue;
        hasBestSnapshot = saved.hasBestSnapshot;
        seen = saved.seen;
        lossSum = saved.lossSum;
        System.arraycopy(saved.truth, 0, truth, 0, saved.seen);
        System.arraycopy(saved.predicted, 0, predicted, 0, saved.seen);
        epochSecondsSoFar = saved.epochSecondsSoFar;
    }

    void record(int[] labels, int[] predictions, double loss) {
        System.arraycopy(labels, 0, truth, seen, labels.length);
        System.arraycopy(predictions, 0, predicted, seen, labels.length);
        seen += labels.length;
        lossSum += loss * labels.length;
    }

    double meanLoss() {
        return lossSum / seen;
    }

    void nextEpoch() {
        epoch++;
        batch = 0;
        seen = 0;
        lossSum = 0;
        epochSecondsSoFar = 0;
    }

    /** What a checkpoint keeps: the tallies cut to the rows seen. */
    TrainingState checkpoint(int optimizerUpdates, boolean hasBestSnapshot, double epochSecondsSoFar) {
        TrainingState copy = new TrainingState();
        copy.fingerprint = fingerprint;
        copy.epoch = epoch;
        copy.batch = batch;
        copy.globalStep = globalStep;
        copy.optimizerUpdates = optimizerUpdates;
        copy.epochs.addAll(epochs);
        copy.bestEpoch = bestEpoch;
        copy.bestValue = bestValue;
        copy.hasBestSnapshot = hasBestSnapshot;
        copy.seen = seen;
        copy.lossSum = lossSum;
        copy.truth = Arrays.copyOf(truth, seen);
        copy.predicted = Arrays.copyOf(predicted, seen);
        copy.epochSecondsSoFar = batch == 0 ? 0 : epochSecondsSoFar;
        return copy;
    }
}
