package dev.stellar.finetune.train;

import java.util.List;

/**
 * Where a training run stood when its checkpoint was written: enough, with the saved weights, optimizer
 * moments and best-epoch snapshot, to continue exactly as if it had never stopped.
 *
 * @param fingerprint what the run was training (a checkpoint of another configuration is not resumed)
 * @param epoch the epoch to continue in (1-based)
 * @param batch the next batch of that epoch (0-based)
 * @param globalStep optimizer steps taken so far; positions the schedule and the dropout seed
 * @param epochs the figures of the finished epochs
 * @param seen training rows already seen in the current epoch, with their labels, predictions and loss sum
 */
record ResumeState(
        String fingerprint,
        int epoch,
        int batch,
        int globalStep,
        int optimizerUpdates,
        List<EpochRecord> epochs,
        int bestEpoch,
        double bestValue,
        boolean hasBestSnapshot,
        int seen,
        double lossSum,
        int[] truth,
        int[] predicted,
        double epochSecondsSoFar) {
}
