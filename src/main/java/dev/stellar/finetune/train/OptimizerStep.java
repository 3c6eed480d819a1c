package dev.stellar.finetune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.SequenceClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One batch of training: forward with dropout, the loss ({@link Objective}), backward, global-norm clipping, AdamW.
 * The batch may be split into micro-batches whose gradients accumulate (each row's loss weighted by
 * 1/batch, so the sum is the batch mean; with single-label class weights by its label's weight over the batch's
 * sum of them, PyTorch's weighted mean; multi-label class weights weigh positive cells inside the loss), and the frozen prefix may come from a cache. Every array the
 * step creates lives in a sub-manager closed at its end, so memory stays flat from step to step
 * (gradient handles are moved there too: DJL ties them to the model's memory otherwise). With fp16 products
 * the loss is scaled before backward ({@link LossScaler}) and a step whose gradients overflow is skipped.
 */
public final class OptimizerStep {

    private final ClassifierModel model;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;
    private final double maxGradNorm;
    private final int microBatchRows;
    private final FrozenActivations cache;
    private final ParameterStore store;
    private final LossScaler scaler;
    private final double[] classWeights;
    private final Objective objective;

    public OptimizerStep(ClassifierModel model, Map<String, Parameter> trainable, AdamW optimizer, double maxGradNorm) {
        this(model, trainable, optimizer, maxGradNorm, 0, null, LossScaler.none(), null);
    }

    /**
     * @param microBatchRows rows per forward/backward pass; 0 for the whole batch at once
     * @param cache the frozen prefix's outputs for the split's rows; {@code null} to compute them
     * @param scaler the loss scaling of fp16 products, kept from step to step; {@link LossScaler#none()} else
     * @param classWeights each label's weight in the loss, by label index (single-label: on its rows; multi-label:
     *     on its positive cells); {@code null} for none
     */
    public OptimizerStep(
            ClassifierModel model,
            Map<String, Parameter> trainable,
            AdamW optimizer,
            double maxGradNorm,
            int microBatchRows,
            FrozenActivations cache,
            LossScaler scaler,
            double[] classWeights) {
        this.model = model;
        this.trainable = trainable;
        this.optimizer = optimizer;
        this.maxGradNorm = maxGradNorm;
        this.microBatchRows = microBatchRows;
        this.cache = cache;
        this.store = model.parameterStore();
        this.scaler = scaler;
        boolean rowWeights = classWeights != null && model.task().isSingleLabel();
        this.classWeights = rowWeights ? classWeights.clone() : null;
        this.objective = rowWeights ? Objective.of(model.task()) : Objective.weighted(model.task(), classWeights);
    }

    public BatchOutcome run(EncodedSplit split, int[] rows, double learningRate) {
        try (NDManager step = model.manager().newSubManager()) {
            double lossScale = scaler.scale();
            float loss = 0;
            int[] predictions = new int[rows.length];
            int chunk = microBatchRows > 0 ? microBatchRows : rows.length;
            double batchWeight = batchWeight(split, rows);
            for (int from = 0; from < rows.length; from += chunk) {
                int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + chunk));
                try (NDManager pass = step.newSubManager()) {
                    loss += forwardBackward(pass, split, part, batchWeight, predictions, from, lossScale);
                }
            }
            if (!Float.isFinite(loss)) {
                return new BatchOutcome(loss, predictions, Double.NaN);
            }
            List<NDArray> gradients = new ArrayList<>(trainable.size());
            for (Parameter p : trainable.values()) {
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(step);
                gradients.add(gradient);
            }
            double norm = globalNorm(gradients) / lossScale;
            if (!scaler.accept(Double.isFinite(norm)) && !scaler.exhausted()) {
                optimizer.discard(gradients);
                return new BatchOutcome(loss, predictions, norm, true);
            }
            if (!Double.isFinite(norm)) {
                return new BatchOutcome(loss, predictions, norm);
            }
            // transformers' clip_grad_norm_: scale by max/(norm + 1e-6) when that is below 1.
            double clip = maxGradNorm > 0 ? Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1.0;
            optimizer.step(learningRate, gradients, clip / lossScale);
            return new BatchOutcome(loss, predictions, norm);
        }
    }

    /** The sum of the rows' weights: the row count without class weights. */
    private double batchWeight(EncodedSplit split, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += weight(split, r);
        }
        return sum;
    }

    /** A row's weight: its label's class weight (single-label), else 1. */
    private double weight(EncodedSplit split, int row) {
        return classWeights == null ? 1.0 : classWeights[split.labels()[row]];
    }

    /**
     * One pass over {@code part}: its share of the batch-mean loss, times {@code lossScale}, backpropagated;
     * predictions filled in. Returns the share unscaled.
     */
    private float forwardBackward(
            NDManager pass,
            EncodedSplit split,
            int[] part,
            double batchWeight,
            int[] predictions,
            int offset,
            double lossScale) {
        NDList inputs = Batches.inputs(pass, split, part, model.config().padTokenId());
        float[] share = new float[part.length];
        for (int i = 0; i < part.length; i++) {
            share[i] = (float) (lossScale * weight(split, part[i]) / batchWeight);
        }
        // An array, not a Java scalar: scalar operands in the graph corrupt gradients (see the DJL notes).
        NDArray weights = pass.create(share);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            SequenceClassifier network = model.network();
            NDArray logits = cache != null
                    ? network.fromPrefix(store, cache.batch(pass, part), inputs, true)
                    : network.forward(store, inputs, true).singletonOrThrow();
            NDArray partLoss =
                    objective.perRow(pass, logits, split, part).mul(weights).sum();
            collector.backward(partLoss);
            long[] argMax = logits.argMax(1).toLongArray();
            for (int i = 0; i < argMax.length; i++) {
                predictions[offset + i] = (int) argMax[i];
            }
            return (float) (partLoss.getFloat() / lossScale);
        }
    }

    /** The norm of all gradients as one vector: the norm of the per-tensor norms (no squared copies). */
    private static double globalNorm(List<NDArray> gradients) {
        NDList norms = new NDList(gradients.size());
        for (NDArray g : gradients) {
            norms.add(g.norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }
}
