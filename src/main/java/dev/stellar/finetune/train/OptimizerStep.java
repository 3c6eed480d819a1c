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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One batch of training: forward with dropout, cross-entropy, backward, global-norm clipping, AdamW.
 * Every array the step creates lives in a sub-manager closed at its end, so memory stays flat from step
 * to step (gradient handles are moved there too: DJL ties them to the model's memory otherwise).
 */
final class OptimizerStep {

    private final ClassifierModel model;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;
    private final double maxGradNorm;
    private final ParameterStore store;

    OptimizerStep(ClassifierModel model, Map<String, Parameter> trainable, AdamW optimizer, double maxGradNorm) {
        this.model = model;
        this.trainable = trainable;
        this.optimizer = optimizer;
        this.maxGradNorm = maxGradNorm;
        this.store = model.parameterStore();
    }

    BatchOutcome run(EncodedSplit split, int[] rows, double learningRate) {
        try (NDManager step = model.manager().newSubManager()) {
            NDList inputs = Batches.inputs(step, split, rows);
            NDArray labels = Batches.labelArray(step, Batches.labels(split, rows));
            float loss;
            int[] predictions;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.network().forward(store, inputs, true).singletonOrThrow();
                NDArray meanLoss = CrossEntropy.mean(logits, labels);
                collector.backward(meanLoss);
                loss = meanLoss.getFloat();
                predictions = toInts(logits.argMax(1).toLongArray());
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
            double norm = globalNorm(gradients);
            if (!Double.isFinite(norm)) {
                return new BatchOutcome(loss, predictions, norm);
            }
            // transformers' clip_grad_norm_: scale by max/(norm + 1e-6) when that is below 1.
            double scale = maxGradNorm > 0 ? Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1.0;
            optimizer.step(learningRate, gradients, scale);
            return new BatchOutcome(loss, predictions, norm);
        }
    }

    private static double globalNorm(List<NDArray> gradients) {
        NDList squares = new NDList(gradients.size());
        for (NDArray g : gradients) {
            squares.add(g.square().sum());
        }
        return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
