package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ScriptedModules;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.CastWeightCache;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.arch.ScriptedDropout;
import java.util.List;
import java.util.Locale;

/**
 * The whole layer in one TorchScript call: libtorch's fused scaled-dot-product attention (no stored
 * attention matrix) and, with {@code bf16}, the matrix products of the Linear layers in bfloat16 on fp32
 * weights (cast inside the module; the layer returns fp32, so gradients reach the fp32 parameters).
 * DJL cannot create bf16 arrays itself without aborting the JVM; inside the module it never has to.
 */
public final class ScriptedLayerKernel implements LayerKernel {

    private static final String CLASS = "BertLayerKernel";
    private static final String CAST_CLASS = "BertLayerCastWeights";
    private static final String INFERENCE_CLASS = "BertLayerLowInference";
    /** Where the layer norms' weights and biases (g1, b1, g2, b2) sit in {@link BertLayer#parametersInOrder()}. */
    private static final int[] NORMS = {8, 9, 14, 15};

    private final KernelKind kind;

    /** @param kind FP32, BF16 or FP16: the type of the Linear products */
    public ScriptedLayerKernel(KernelKind kind) {
        this.kind = kind;
    }

    @Override
    public NDArray forward(ParameterStore store, BertLayer layer, NDArray x, NDArray maskBias, boolean training) {
        if (!training && kind.lowPrecision()) {
            return lowPrecisionInference(store, layer, x, maskBias);
        }
        PtSymbolBlock module = ScriptedModules.get(CLASS, source(layer));
        NDList inputs = new NDList(18);
        inputs.add(x);
        inputs.add(maskBias);
        for (Parameter p : layer.parametersInOrder()) {
            inputs.add(store.getValue(p, x.getDevice(), training));
        }
        return module.forward(store, inputs, training).singletonOrThrow();
    }

    private NDArray lowPrecisionInference(ParameterStore store, BertLayer layer, NDArray x, NDArray maskBias) {
        List<Parameter> parameters = layer.parametersInOrder();
        NDList low = CastWeightCache.of(layer, x.getManager(), () -> {
            NDList weights = new NDList(16);
            for (Parameter p : parameters) {
                weights.add(store.getValue(p, x.getDevice(), false));
            }
            return ScriptedModules.get(CAST_CLASS, castSource(kind)).forward(store, weights, false);
        });
        NDList inputs = new NDList(14);
        inputs.add(x);
        inputs.add(maskBias);
        inputs.addAll(low);
        for (int norm : NORMS) {
            inputs.add(store.getValue(parameters.get(norm), x.getDevice(), false));
        }
        return ScriptedModules.get(INFERENCE_CLASS, inferenceSource(layer))
                .forward(store, inputs, false)
                .singletonOrThrow();
    }

    /**
     * The module that casts a layer's sixteen parameters ({@link BertLayer#parametersInOrder()}) to the product
     * type for inference: the stacked query-key-value weight and bias, then the attention output's, the
     * intermediate's and the output's weight and bias; the layer norms' stay fp32.
     */
    static String castSource(KernelKind kind) {
        return String.join(
                "\n",
                "class " + CAST_CLASS + "(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__." + CAST_CLASS + ", wq: Tensor, bq: Tensor, wk: Tensor, bk: Tensor,"
                        + " wv: Tensor, bv: Tensor, wo: Tensor, bo: Tensor, g1: Tensor, b1: Tensor, wi: Tensor,"
                        + " bi: Tensor, wo2: Tensor, bo2: Tensor, g2: Tensor, b2: Tensor) -> Tuple[Tensor, Tensor,"
                        + " Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:",
                "    return ("
                        + String.join(
                                ", ",
                                low(kind, "torch.cat([wq, wk, wv])"),
                                low(kind, "torch.cat([bq, bk, bv])"),
                                low(kind, "wo"),
                                low(kind, "bo"),
                                low(kind, "wi"),
                                low(kind, "bi"),
                                low(kind, "wo2"),
                                low(kind, "bo2"))
                        + ")",
                "");
    }

    /**
     * The layer in inference with low-precision products, on weights cast beforehand ({@link #castSource}):
     * the attention runs on bf16 (or fp16) queries, keys and values, as under autocast, while the residual sums
     * and layer norms stay fp32 (a product's low-precision result added to the fp32 residual is promoted). Of a
     * training layer's fourteen casts per batch this keeps three, of activations only: a MiniLM 32 x 64 scoring
     * batch went from 0.098 to 0.086 s, and to 0.079 s with the casts held for the run (medians of 16, alternated in
     * one process) on issue 16's Xeon (AMX). The
     * attention's rounding matters for training gradients (see {@link #source}), not for scores: the goldens
     * hold the same tolerance (FamilyGoldenTest).
     */
    String inferenceSource(BertLayer layer) {
        EncoderConfig config = layer.config();
        String eps = number(config.layerNormEps());
        return String.join(
                "\n",
                "class " + INFERENCE_CLASS + "(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__." + INFERENCE_CLASS + ", x: Tensor, mask: Tensor, wqkv: Tensor,"
                        + " bqkv: Tensor, wo: Tensor, bo: Tensor, wi: Tensor, bi: Tensor, wo2: Tensor, bo2: Tensor,"
                        + " g1: Tensor, b1: Tensor, g2: Tensor, b2: Tensor) -> Tensor:",
                "    b = torch.size(x, 0)",
                "    n = torch.size(x, 1)",
                "    h = torch.size(x, 2)",
                "    qkv = torch.linear(" + low(kind, "x") + ", wqkv, bqkv)",
                heads("qkv", config.numHeads(), config.headSize()),
                "    c = torch.scaled_dot_product_attention(q, k, v, " + low(kind, "mask") + ", 0.)",
                "    c = torch.reshape(torch.transpose(c, 1, 2), [b, n, h])",
                "    a = torch.layer_norm(torch.add(torch.linear(c, wo, bo), x), [h], g1, b1, " + eps + ")",
                "    o = torch.linear(torch.gelu(torch.linear(" + low(kind, "a") + ", wi, bi)), wo2, bo2)",
                "    return torch.layer_norm(torch.add(o, a), [h], g2, b2, " + eps + ")",
                "");
    }

    /**
     * TorchScript (serialized-module dialect: aten ops under torch.*) for this layer's shape and rates.
     * Query, key and value come from one product with the three weights stacked (one larger GEMM runs
     * closer to the processor's peak than three). With {@code bf16} the feed-forward block's wide
     * intermediate activations stay in bfloat16 from one product to the next, GELU included, as under autocast:
     * each cast is a pass over them, and keeping them cut a MiniLM 32 x 64 training step from 0.43-0.45 to
     * 0.40-0.44 s on issue 16's Xeon (AMX). Attention, residual sums and layer norms stay fp32: queries and keys in
     * bf16 round the attention scores, and moved the tiny DistilBERT's gradients by 7% against fp32's, where the
     * products alone move them by 1% (FamilyGoldenTest).
     */
    String source(BertLayer layer) {
        EncoderConfig config = layer.config();
        return String.join(
                "\n",
                beforeAttention(CLASS, "mask: Tensor", kind, config),
                ScriptedDropout.attention("q", "k", "v", "mask", config.attentionDropout(), config.headSize(), "c"),
                afterAttention(kind, config, layer.attentionOutputDropout()));
    }

    /**
     * The module {@code className} up to the attention, for a post-LayerNorm layer whose forward takes
     * {@code x}, then {@code inputs} (declared, e.g. {@code mask: Tensor}), then the sixteen parameters in
     * {@link BertLayer#parametersInOrder()}'s order: the sizes {@code b}, {@code n}, {@code h}, and the
     * queries, keys and values {@code q}, {@code k}, {@code v} ({@link #heads}).
     */
    public static String beforeAttention(String className, String inputs, KernelKind kind, EncoderConfig config) {
        return String.join(
                "\n",
                "class " + className + "(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__." + className + ", x: Tensor, " + inputs + ", wq: Tensor, bq: Tensor,"
                        + " wk: Tensor, bk: Tensor, wv: Tensor, bv: Tensor, wo: Tensor, bo: Tensor, g1: Tensor,"
                        + " b1: Tensor, wi: Tensor, bi: Tensor, wo2: Tensor, bo2: Tensor, g2: Tensor,"
                        + " b2: Tensor) -> Tensor:",
                "    b = torch.size(x, 0)",
                "    n = torch.size(x, 1)",
                "    h = torch.size(x, 2)",
                "    qkv = " + product(kind, "x", "torch.cat([wq, wk, wv])", "torch.cat([bq, bk, bv])"),
                heads("qkv", config.numHeads(), config.headSize()));
    }

    /**
     * Lines that split the stacked product {@code qkv} (b, n, 3 x heads x head size) into {@code q}, {@code k}
     * and {@code v} (b, heads, n, head size), views of it. Unbinding the stacking axis before moving the heads
     * forward lets backward stack the three gradients straight into the product's layout, one copy; selecting
     * from a permuted tensor made backward zero-fill and add three tensors of the whole product's size and copy
     * the sum again (a fifth of the fill and copy time of a MiniLM training step in issue 16's profile).
     */
    public static String heads(String qkv, int heads, int headSize) {
        return String.join(
                "\n",
                "    t = torch.unbind(torch.reshape(" + qkv + ", [b, n, 3, " + heads + ", " + headSize + "]), 2)",
                "    q = torch.transpose(t[0], 1, 2)",
                "    k = torch.transpose(t[1], 1, 2)",
                "    v = torch.transpose(t[2], 1, 2)");
    }

    /**
     * What follows the attention in every post-LayerNorm layer, from the per-head context {@code c}
     * (b, heads, n, head size): the attention output (dense, dropout, residual on {@code x}, LayerNorm with
     * {@code g1}, {@code b1}; the dropout rate {@code attentionOutputDropout}, 0 in DistilBERT) and the GELU
     * feed-forward block ({@code wi}, {@code wo2}, LayerNorm {@code g2}), its intermediate activations in the
     * product type.
     */
    public static String afterAttention(KernelKind kind, EncoderConfig config, double attentionOutputDropout) {
        return String.join(
                "\n",
                "    c = torch.reshape(torch.transpose(c, 1, 2), [b, n, h])",
                "    a = " + product(kind, "c", "wo", "bo"),
                ScriptedDropout.lines("a", attentionOutputDropout)
                        + "    a = torch.layer_norm(torch.add(a, x), [h], g1, b1, " + number(config.layerNormEps())
                        + ")",
                "    i = torch.gelu(" + lowProduct(kind, "a", "wi", "bi") + ")",
                "    o = " + product(kind, "i", "wo2", "bo2"),
                ScriptedDropout.lines("o", config.hiddenDropout())
                        + "    return torch.layer_norm(torch.add(o, a), [h], g2, b2, " + number(config.layerNormEps())
                        + ")",
                "");
    }

    /**
     * A Linear layer on fp32 operands: in bf16 or fp16 the operands are cast (ScalarType 15 or 5), the result
     * back to fp32 (6).
     */
    public static String product(KernelKind kind, String input, String weight, String bias) {
        return kind.lowPrecision()
                ? "torch.to(torch.linear(" + low(kind, input) + ", " + low(kind, weight) + ", " + low(kind, bias)
                        + "), 6)"
                : "torch.linear(" + input + ", " + weight + ", " + bias + ")";
    }

    /** A Linear layer whose result stays in the kind's product type (fp32 for FP32). */
    public static String lowProduct(KernelKind kind, String input, String weight, String bias) {
        return kind.lowPrecision()
                ? "torch.linear(" + low(kind, input) + ", " + low(kind, weight) + ", " + low(kind, bias) + ")"
                : "torch.linear(" + input + ", " + weight + ", " + bias + ")";
    }

    /** {@code expression} cast to the kind's product type (no copy when it is of that type already). */
    public static String low(KernelKind kind, String expression) {
        return "torch.to(" + expression + ", " + kind.productType() + ")";
    }

    /** A number as TorchScript source. */
    public static String number(double value) {
        return String.format(Locale.ROOT, "%.10g", value);
    }
}
