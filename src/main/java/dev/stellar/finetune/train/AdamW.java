package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with two parameter groups, as transformers sets it up: decoupled weight decay for weights, none
 * for biases and LayerNorm weights (DJL's AdamW decays every parameter). Each update runs in libtorch's
 * fused Adam kernel through DJL, which also zeroes the gradient afterwards.
 */
public final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final double EPSILON = 1e-8;

    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final double weightDecay;
    private int updates;

    /** @param state the memory that holds the moment estimates for the whole run */
    public AdamW(Map<String, Parameter> parameters, double weightDecay, NDManager state) {
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            NDArray weight = p.getArray();
            means.put(name, state.zeros(weight.getShape(), weight.getDataType()));
            variances.put(name, state.zeros(weight.getShape(), weight.getDataType()));
        });
    }

    /** Updates made so far (the t of the bias correction). */
    public int updates() {
        return updates;
    }

    /** The first and second moment estimates by parameter name, for checkpoints. */
    public Map<String, NDArray> means() {
        return means;
    }

    public Map<String, NDArray> variances() {
        return variances;
    }

    /** Continues from a checkpoint: the moments were written into {@link #means()} and {@link #variances()}. */
    public void resumeAt(int updates) {
        this.updates = updates;
    }

    /** Transformers' rule: no decay for biases and LayerNorm weights. */
    public static boolean decays(String name) {
        return !name.endsWith(".bias") && !name.endsWith("LayerNorm.weight") && !name.endsWith("LayerNorm.bias");
    }

    /**
     * One update of every parameter from its gradient.
     *
     * @param gradients in the order of the parameters given at construction
     * @param gradientScale multiplies every gradient first (global-norm clipping)
     */
    public void step(double learningRate, List<NDArray> gradients, double gradientScale) {
        updates++;
        double correction1 = 1 - Math.pow(BETA1, updates);
        double correction2 = 1 - Math.pow(BETA2, updates);
        float correctedRate = (float) (learningRate * Math.sqrt(correction2) / correction1);
        // The kernel adds epsilon to sqrt(v) before bias correction; scaling it gives PyTorch's exact update.
        float epsilon = (float) (EPSILON * Math.sqrt(correction2));
        int i = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = entry.getKey();
            NDArray weight = entry.getValue().getArray();
            NDArray gradient = gradients.get(i++);
            float decay = decays(name) ? (float) weightDecay : 0f;
            weight.getNDArrayInternal().adamUpdate(
                    new NDList(weight, gradient, means.get(name), variances.get(name)), new NDList(weight),
                    (float) learningRate, correctedRate, decay, (float) gradientScale, -1f, BETA1, BETA2, epsilon,
                    true, true);
        }
    }
}
