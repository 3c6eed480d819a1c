package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.engine.NoGrad;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.arch.CastWeightCache;

/** Runs a model over a split without gradients, in batches, for validation and evaluation. */
public final class Scorer implements SplitScorer {

    private final ClassifierModel model;
    private final int batchSize;

    public Scorer(ClassifierModel model, int batchSize) {
        this.model = model;
        this.batchSize = batchSize;
    }

    @Override
    public Scores score(EncodedSplit split, BuildLog log, String task) {
        int rows = split.size();
        int labels = model.labels().size();
        Objective objective = Objective.of(model.task());
        float[][] probabilities = new float[rows][];
        int[] predictions = new int[rows];
        double lossSum = 0;
        ParameterStore store = model.parameterStore();
        ProgressMeter meter = log == null ? null : new ProgressMeter(log, task, rows, "samples");
        try (NoGrad ignored = NoGrad.enter();
                CastWeightCache casts = CastWeightCache.open()) {
            for (int[] batch : Batches.byLength(Batches.lengths(split), batchSize)) {
                try (NDManager step = model.manager().newSubManager()) {
                    NDList inputs =
                            Batches.inputs(step, split, batch, model.config().padTokenId());
                    NDArray logits =
                            model.network().forward(store, inputs, false).singletonOrThrow();
                    float[] probs = objective.outputs(logits).toFloatArray();
                    for (int i = 0; i < batch.length; i++) {
                        float[] row = new float[labels];
                        System.arraycopy(probs, i * labels, row, 0, labels);
                        probabilities[batch[i]] = row;
                        predictions[batch[i]] = argMax(row);
                    }
                    if (split.labeled()) {
                        lossSum += objective
                                .perRow(step, logits, split, batch)
                                .sum()
                                .getFloat();
                    }
                }
                if (meter != null) {
                    meter.advance(batch.length, "");
                }
            }
        }
        return new Scores(probabilities, predictions, split.labeled() ? lossSum / rows : Double.NaN);
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
