package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' ModernBertEncoderLayer, pre-norm: {@code x + attn(attn_norm(x))}, then
 * {@code x + mlp(mlp_norm(x))}. Attention takes q, k and v from one fused {@code attn.Wqkv} and rotates q
 * and k (RoPE); the MLP is a GeGLU whose {@code mlp.Wi} yields input and gate side by side. No biases. The
 * first layer has no {@code attn_norm} (an Identity there: the embeddings end with a norm). Its
 * {@link ModernBertKernel} does the arithmetic.
 */
public final class ModernBertLayer extends NamedBlock {

    private final EncoderConfig config;
    private final boolean local;
    private final ModernBertKernel kernel;
    private final Parameter attentionNorm;
    private final Parameter wqkv;
    private final Parameter wo;
    private final Parameter mlpNorm;
    private final Parameter wi;
    private final Parameter mlpWo;

    /** @param index the layer's place in the stack: layer 0 has no attn_norm */
    public ModernBertLayer(EncoderConfig config, int index, boolean local, ModernBertKernel kernel) {
        this.config = config;
        this.local = local;
        this.kernel = kernel;
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        attentionNorm = index == 0 ? null : parameter("attn_norm.weight", new Shape(h));
        wqkv = parameter("attn.Wqkv.weight", new Shape(3L * h, h));
        wo = parameter("attn.Wo.weight", new Shape(h, h));
        mlpNorm = parameter("mlp_norm.weight", new Shape(h));
        wi = parameter("mlp.Wi.weight", new Shape(2L * i, h));
        mlpWo = parameter("mlp.Wo.weight", new Shape(h, i));
    }

    /** Hidden states (B, S, H) through the layer: (B, S, H). */
    public NDArray forward(ParameterStore store, NDArray x, AttentionInputs attention, boolean training) {
        return kernel.forward(store, this, x, attention, training);
    }

    /** Inputs: hidden states (B, S, H), the attention mask, cos and sin as {@link AttentionInputs} holds them. */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(
                store, inputs.get(0), new AttentionInputs(inputs.get(1), inputs.get(2), inputs.get(3)), training));
    }

    public EncoderConfig config() {
        return config;
    }

    /** Whether this layer attends within a sliding window with the local rotary base. */
    public boolean isLocal() {
        return local;
    }

    public boolean hasAttentionNorm() {
        return attentionNorm != null;
    }

    /** The parameters in the order the kernels take them: [attn_norm], Wqkv, Wo, mlp_norm, Wi, mlp.Wo. */
    public List<Parameter> parametersInOrder() {
        List<Parameter> order = new ArrayList<>(6);
        if (attentionNorm != null) {
            order.add(attentionNorm);
        }
        order.addAll(List.of(wqkv, wo, mlpNorm, wi, mlpWo));
        return order;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
