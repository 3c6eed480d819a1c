package dev.stellar.finetune.model.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.bert.BertLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' DebertaV2Layer: BERT's post-LayerNorm layer (the same sixteen tensors, the projections named
 * {@code query_proj}, {@code key_proj}, {@code value_proj}) whose self-attention adds the disentangled terms
 * (DisentangledSelfAttention): content to position and position to content, through the shared relative
 * embeddings projected by this layer's own key and query projections. Its {@link Kernel} does the arithmetic.
 */
public final class DebertaLayer extends NamedBlock {

    /** transformers' DebertaV2Layer's module names. */
    public static final BertLayer.Names NAMES = new BertLayer.Names(
            "attention.self.query_proj",
            "attention.self.key_proj",
            "attention.self.value_proj",
            "attention.output.dense",
            "attention.output.LayerNorm",
            "intermediate.dense",
            "output.dense",
            "output.LayerNorm",
            true);

    /** How the layer computes: in DJL's eager ops or in one TorchScript call. */
    public interface Kernel {
        /**
         * @param inputs hidden states (B, S, H), the additive attention mask (B, 1, 1, S), the normalised relative
         *     embeddings (2 span, H) and each (query, key) pair's relative row (S, S) int64
         * @return the layer's output (B, S, H)
         */
        NDArray forward(ParameterStore store, DebertaLayer layer, NDList inputs, boolean training);
    }

    private final EncoderConfig config;
    private final DebertaOptions options;
    private final Kernel kernel;
    private final List<Parameter> inOrder = new ArrayList<>();

    public DebertaLayer(EncoderConfig config, DebertaOptions options, Kernel kernel) {
        this.config = config;
        this.options = options;
        this.kernel = kernel;
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        linear(NAMES.query(), h, h);
        linear(NAMES.key(), h, h);
        linear(NAMES.value(), h, h);
        linear(NAMES.attentionOutput(), h, h);
        norm(NAMES.attentionNorm(), h);
        linear(NAMES.intermediate(), i, h);
        linear(NAMES.output(), h, i);
        norm(NAMES.outputNorm(), h);
    }

    private void linear(String name, int out, int in) {
        inOrder.add(parameter(name + ".weight", new Shape(out, in)));
        inOrder.add(parameter(name + ".bias", new Shape(out)));
    }

    private void norm(String name, int size) {
        inOrder.add(parameter(name + ".weight", new Shape(size)));
        inOrder.add(parameter(name + ".bias", new Shape(size)));
    }

    /**
     * Inputs: hidden states (B, S, H), the additive attention mask (B, 1, 1, S), the normalised relative
     * embeddings (2 span, H) and the relative rows (S, S). Output: (B, S, H).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(kernel.forward(store, this, inputs, training));
    }

    public EncoderConfig config() {
        return config;
    }

    public DebertaOptions options() {
        return options;
    }

    /** The parameters in {@link BertLayer#parametersInOrder()}'s order. */
    public List<Parameter> parametersInOrder() {
        return List.copyOf(inOrder);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
