package dev.stellar.finetune.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import dev.stellar.finetune.engine.ScriptedModules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with two parameter groups, as transformers sets it up: decoupled weight decay for weights, none
 * for biases and LayerNorm weights (DJL's AdamW decays every parameter). Each step runs libtorch's fused
 * AdamW kernel over each group's parameters in one TorchScript call: DJL's own Adam update makes about ten
 * passes over every weight, which at freeze 0 took a sixth of a training step.
 */
public final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
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
     * One update of every parameter from its gradient, then the gradients zeroed for the next step.
     *
     * @param gradients in the order of the parameters given at construction
     * @param gradientScale multiplies every gradient first (global-norm clipping)
     */
    public void step(double learningRate, List<NDArray> gradients, double gradientScale) {
        updates++;
        Group decayed = new Group();
        Group plain = new Group();
        int i = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = entry.getKey();
            (decays(name) ? decayed : plain)
                    .add(entry.getValue().getArray(), gradients.get(i++), means.get(name), variances.get(name));
        }
        // On the weights' device: scalars from another would not mix with them.
        Device device = parameters.values().iterator().next().getArray().getDevice();
        try (NDManager scratch = NDManager.newBaseManager(device)) {
            NDArray step = scratch.create(new float[] {updates});
            // The kernel divides gradients by this (AMP's unscaling); clipping multiplies them.
            NDArray divisor = scratch.create(new float[] {(float) (1.0 / gradientScale)});
            decayed.update(learningRate, weightDecay, step, divisor);
            plain.update(learningRate, 0, step, divisor);
        }
    }

    /** Drops the gradients without an update: a step skipped because fp16 gradients overflowed. */
    public void discard(List<NDArray> gradients) {
        PtNDArray[] all = gradients.stream().map(g -> (PtNDArray) g).toArray(PtNDArray[]::new);
        IValue[] inputs = {IValue.listFrom(all)};
        try {
            ScriptedModules.get(ZERO, ZERO_SOURCE).forward(inputs).close();
        } finally {
            for (IValue value : inputs) {
                value.close();
            }
        }
    }

    /** Parameters that share a weight decay, with their gradients and moments, in matching order. */
    private static final class Group {
        private final List<PtNDArray> weights = new ArrayList<>();
        private final List<PtNDArray> gradients = new ArrayList<>();
        private final List<PtNDArray> means = new ArrayList<>();
        private final List<PtNDArray> variances = new ArrayList<>();

        void add(NDArray weight, NDArray gradient, NDArray mean, NDArray variance) {
            weights.add((PtNDArray) weight);
            gradients.add((PtNDArray) gradient);
            means.add((PtNDArray) mean);
            variances.add((PtNDArray) variance);
        }

        void update(double learningRate, double decay, NDArray step, NDArray divisor) {
            if (weights.isEmpty()) {
                return;
            }
            PtNDArray[] steps = new PtNDArray[weights.size()];
            Arrays.fill(steps, (PtNDArray) step);
            IValue[] inputs = {
                IValue.listFrom(weights.toArray(PtNDArray[]::new)),
                IValue.listFrom(gradients.toArray(PtNDArray[]::new)),
                IValue.listFrom(means.toArray(PtNDArray[]::new)),
                IValue.listFrom(variances.toArray(PtNDArray[]::new)),
                IValue.listFrom(steps),
                IValue.from(learningRate),
                IValue.from(decay),
                IValue.from(EPSILON),
                IValue.from((PtNDArray) divisor)
            };
            try {
                ScriptedModules.get(KERNEL, KERNEL_SOURCE).forward(inputs).close();
            } finally {
                for (IValue value : inputs) {
                    value.close();
                }
            }
        }
    }

    /**
     * libtorch's fused AdamW (one pass over weight, gradient and both moments; PyTorch's exact update with
     * the bias corrections from the step), then the gradients zeroed, for a list of parameters in one call.
     */
    private static final String KERNEL = "FusedAdamW";

    /** Zeroes in place, NaN and infinity included (a multiplication by 0 would keep NaN). */
    private static final String ZERO = "ZeroGradients";

    private static final String ZERO_SOURCE = String.join(
            "\n",
            "class " + ZERO + "(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  _is_full_backward_hook : Optional[bool]",
            "  def forward(self: __torch__." + ZERO + ", grads: List[Tensor]) -> int:",
            "    torch._foreach_zero_(grads)",
            "    return 0",
            "");

    private static final String KERNEL_SOURCE = String.join(
            "\n",
            "class " + KERNEL + "(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  _is_full_backward_hook : Optional[bool]",
            "  def forward(self: __torch__." + KERNEL + ", weights: List[Tensor], grads: List[Tensor],"
                    + " means: List[Tensor], variances: List[Tensor], steps: List[Tensor], lr: float, decay: float,"
                    + " eps: float, divisor: Tensor) -> Tensor:",
            "    torch._fused_adamw_(weights, grads, means, variances, annotate(List[Tensor], []), steps, lr=lr,"
                    + " beta1=" + BETA1 + ", beta2=" + BETA2 + ", weight_decay=decay, eps=eps, amsgrad=False,"
                    + " maximize=False, grad_scale=divisor, found_inf=None)",
            "    torch._foreach_zero_(grads)",
            "    return divisor",
            "");
}
