package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.model.ModelTask;

/**
 * The loss and the output activation of a problem type, as transformers' *ForSequenceClassification computes them
 * from {@code problem_type}: softmax cross-entropy on label ids, binary cross-entropy with logits on 0/1 targets
 * (BCEWithLogitsLoss: the mean over every row and label), or the squared error of the one output (MSELoss).
 * Losses are per row, so the caller weighs and sums them; the batch mean of the per-row losses is transformers'
 * loss in each case. Multi-label losses may weigh each label's positive cells (BCEWithLogitsLoss's
 * {@code pos_weight}); training does so for {@code classWeights}, while validation and evaluation never do.
 */
public final class Objective {

    private final ModelTask task;
    private final double[] positiveWeights;

    private Objective(ModelTask task, double[] positiveWeights) {
        this.task = task;
        this.positiveWeights = positiveWeights == null ? null : positiveWeights.clone();
    }

    public static Objective of(ModelTask task) {
        return new Objective(task, null);
    }

    /**
     * @param positiveWeights each label's weight on its positive cells (multi-label only); {@code null} for none
     */
    public static Objective weighted(ModelTask task, double[] positiveWeights) {
        if (positiveWeights != null && !task.isMultiLabel()) {
            throw new IllegalArgumentException("positive weights are for multi-label tasks, not "
                    + task.problemType().id());
        }
        return new Objective(task, positiveWeights);
    }

    public ModelTask task() {
        return task;
    }

    /** Each row's loss, (B), for the split's rows {@code rows} (the rows of {@code logits}, in order). */
    public NDArray perRow(NDManager manager, NDArray logits, EncodedSplit split, int[] rows) {
        return switch (task.problemType()) {
            case SINGLE_LABEL -> CrossEntropy.perRow(logits, Batches.labelArray(manager, Batches.labels(split, rows)));
            case MULTI_LABEL ->
                positiveWeights == null
                        ? binaryCrossEntropy(manager, logits, targets(manager, split, rows))
                        : weightedBinaryCrossEntropy(manager, logits, targets(manager, split, rows));
            case REGRESSION -> squaredError(logits, targets(manager, split, rows));
        };
    }

    /**
     * max(x, 0) - x y + log(1 + exp(-|x|)), averaged over the labels: PyTorch's stable form of
     * -[y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))]. Constants are arrays of the step's manager, not Java
     * scalars (scalar operands corrupt gradients, see the DJL notes).
     */
    static NDArray binaryCrossEntropy(NDManager manager, NDArray logits, NDArray targets) {
        NDArray zero = manager.zeros(new Shape(1), logits.getDataType());
        NDArray one = manager.ones(new Shape(1), logits.getDataType());
        NDArray perCell = logits.maximum(zero)
                .sub(logits.mul(targets))
                .add(logits.abs().neg().exp().add(one).log());
        return perCell.mean(new int[] {1});
    }

    /**
     * PyTorch's stable form with {@code pos_weight} p: (1 - y) x + (1 + (p - 1) y) (log(1 + exp(-|x|)) + max(-x, 0)),
     * which is -[p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))], averaged over the labels.
     */
    private NDArray weightedBinaryCrossEntropy(NDManager manager, NDArray logits, NDArray targets) {
        float[] lessOne = new float[positiveWeights.length];
        for (int k = 0; k < lessOne.length; k++) {
            lessOne[k] = (float) (positiveWeights[k] - 1);
        }
        NDArray zero = manager.zeros(new Shape(1), logits.getDataType());
        NDArray one = manager.ones(new Shape(1), logits.getDataType());
        NDArray logWeight = targets.mul(manager.create(lessOne, new Shape(1, lessOne.length)))
                .add(one);
        NDArray softplus =
                logits.abs().neg().exp().add(one).log().add(logits.neg().maximum(zero));
        NDArray perCell = one.sub(targets).mul(logits).add(logWeight.mul(softplus));
        return perCell.mean(new int[] {1});
    }

    /** (x - y)^2 of the one output. */
    static NDArray squaredError(NDArray logits, NDArray targets) {
        NDArray difference = logits.sub(targets);
        return difference.mul(difference).sum(new int[] {1});
    }

    private static NDArray targets(NDManager manager, EncodedSplit split, int[] rows) {
        float[][] all = split.targets();
        int width = all[rows[0]].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(all[rows[i]], 0, flat, i * width, width);
        }
        return manager.create(flat, new Shape(rows.length, width));
    }

    /**
     * What a row's outputs mean to a user: softmax probabilities per label, sigmoid probabilities per label
     * (multi-label), or the value itself (regression).
     */
    public NDArray outputs(NDArray logits) {
        return switch (task.problemType()) {
            case SINGLE_LABEL -> logits.softmax(1);
            case MULTI_LABEL -> Activation.sigmoid(logits);
            case REGRESSION -> logits;
        };
    }

    /** {@link #outputs(NDArray)} of one row's logits, in plain Java, for runtimes other than the engine. */
    public float[] outputs(float[] logits) {
        float[] out = new float[logits.length];
        switch (task.problemType()) {
            case SINGLE_LABEL -> {
                double[] log = logSoftmax(logits);
                for (int k = 0; k < out.length; k++) {
                    out[k] = (float) Math.exp(log[k]);
                }
            }
            case MULTI_LABEL -> {
                for (int k = 0; k < out.length; k++) {
                    out[k] = (float) (1 / (1 + Math.exp(-logits[k])));
                }
            }
            case REGRESSION -> System.arraycopy(logits, 0, out, 0, out.length);
        }
        return out;
    }

    /** {@link #perRow} of one row, in double precision, for runtimes other than the engine. */
    public double loss(float[] logits, EncodedSplit split, int row) {
        return switch (task.problemType()) {
            case SINGLE_LABEL -> -logSoftmax(logits)[split.labels()[row]];
            case MULTI_LABEL -> {
                double sum = 0;
                for (int k = 0; k < logits.length; k++) {
                    double x = logits[k];
                    double y = split.targets()[row][k];
                    double p = positiveWeights == null ? 1 : positiveWeights[k];
                    sum += (1 - y) * x + (1 + (p - 1) * y) * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
                }
                yield sum / logits.length;
            }
            case REGRESSION -> {
                double difference = logits[0] - split.targets()[row][0];
                yield difference * difference;
            }
        };
    }

    private static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }
}
