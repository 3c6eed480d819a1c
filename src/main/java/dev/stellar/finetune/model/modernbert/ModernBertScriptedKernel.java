package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ScriptedModules;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.arch.ScriptedDropout;
import dev.stellar.finetune.model.bert.ScriptedLayerKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole ModernBERT layer in one TorchScript call, as {@link dev.stellar.finetune.model.bert.ScriptedLayerKernel}
 * does BERT's: libtorch's fused scaled-dot-product attention with the additive mask (the window included on
 * local layers) and, with {@code bf16}, only the Linear products in bfloat16 on fp32 weights. The rotary
 * tables come in computed once per sequence length.
 */
public final class ModernBertScriptedKernel implements ModernBertKernel {

    private static final String CLASS = "ModernBertLayerKernel";

    private final KernelKind kind;

    public ModernBertScriptedKernel(KernelKind kind) {
        this.kind = kind;
    }

    @Override
    public NDArray forward(
            ParameterStore store, ModernBertLayer layer, NDArray x, AttentionInputs attention, boolean training) {
        PtSymbolBlock module = ScriptedModules.get(CLASS, source(layer.config(), layer.hasAttentionNorm()));
        NDList inputs = new NDList(10);
        inputs.add(x);
        inputs.add(attention.mask());
        inputs.add(attention.cos());
        inputs.add(attention.sin());
        for (Parameter p : layer.parametersInOrder()) {
            inputs.add(store.getValue(p, x.getDevice(), training));
        }
        return module.forward(store, inputs, training).singletonOrThrow();
    }

    /**
     * TorchScript (serialized-module dialect) for this layer's shape and rates; the first layer, whose
     * attn_norm is an Identity, takes no norm weight. RoPE is NeoX's rotate_half: the halves of each head,
     * not interleaved pairs. The GeGLU's input and gate are the two halves of Wi's output.
     */
    String source(EncoderConfig config, boolean attentionNorm) {
        int heads = config.numHeads();
        int d = config.headSize();
        int half = d / 2;
        int inner = config.intermediateSize();
        String eps = number(config.layerNormEps());
        List<String> lines = new ArrayList<>(List.of(
                "class " + CLASS + "(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__." + CLASS + ", x: Tensor, mask: Tensor, cos: Tensor, sin: Tensor,"
                        + (attentionNorm ? " g1: Tensor," : "")
                        + " wqkv: Tensor, wo: Tensor, g2: Tensor, wi: Tensor, wo2: Tensor) -> Tensor:",
                "    b = torch.size(x, 0)",
                "    n = torch.size(x, 1)",
                "    h = torch.size(x, 2)"));
        lines.add(attentionNorm ? "    a = torch.layer_norm(x, [h], g1, None, " + eps + ")" : "    a = x");
        lines.addAll(List.of(
                "    qkv = " + product("a", "wqkv"),
                ScriptedLayerKernel.heads("qkv", heads, d),
                "    q = " + rotated("q", half, d),
                "    k = " + rotated("k", half, d),
                ScriptedDropout.attention("q", "k", "v", "mask", config.attentionDropout(), d, "c"),
                "    c = torch.reshape(torch.transpose(c, 1, 2), [b, n, h])",
                "    o = " + product("c", "wo"),
                ScriptedDropout.lines("o", config.attentionDropout()) + "    x = torch.add(x, o)",
                "    m = torch.layer_norm(x, [h], g2, None, " + eps + ")",
                "    w = " + product("m", "wi"),
                "    g = torch.mul(torch.gelu(torch.slice(w, -1, 0, " + inner + ")), torch.slice(w, -1, " + inner + ", "
                        + 2 * inner + "))",
                ScriptedDropout.lines("g", config.hiddenDropout()) + "    return torch.add(x, " + product("g", "wo2")
                        + ")",
                ""));
        return String.join("\n", lines);
    }

    /** {@code v * cos + rotate_half(v) * sin}, rotate_half(v) = cat(-v[..., half:], v[..., :half]). */
    private static String rotated(String v, int half, int d) {
        return "torch.add(torch.mul(" + v + ", cos), torch.mul(torch.cat([torch.neg(torch.slice(" + v + ", -1, " + half
                + ", " + d + ")), torch.slice(" + v + ", -1, 0, " + half + ")], -1), sin))";
    }

    /** A bias-free Linear on fp32 operands: in bf16 or fp16 the operands are cast, the result back to fp32 (6). */
    private String product(String input, String weight) {
        return kind.lowPrecision()
                ? "torch.to(torch.linear(" + ScriptedLayerKernel.low(kind, input) + ", "
                        + ScriptedLayerKernel.low(kind, weight) + "), 6)"
                : "torch.linear(" + input + ", " + weight + ")";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.10g", value);
    }
}
