package dev.stellar.finetune.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import java.util.List;

/**
 * The encoder of any family, as the rest of the plugin sees it: embeddings, a stack of layers that can be
 * run in slices (a frozen prefix without autograd, the rest trained), an optional final block and an
 * optional pooler. Each family ({@link Architecture}) lays out its own blocks under its own names.
 *
 * <p>Every method takes the model inputs of {@link dev.stellar.finetune.model.ModelInputs}: input_ids and
 * token_type_ids (B, S) int64, the additive attention mask (B, 1, 1, S) and the 0/1 mask (B, S) as floats.
 */
public abstract class Encoder extends NamedBlock {

    private final EncoderConfig config;

    protected Encoder(EncoderConfig config) {
        this.config = config;
    }

    public EncoderConfig config() {
        return config;
    }

    /**
     * The blocks frozen with the embeddings ({@code freezeLayerCount} other than 0): the embeddings and what
     * only they feed or every layer shares (ELECTRA's projection, DeBERTa's relative position table).
     */
    public abstract List<NamedBlock> embeddingBlocks();

    /** The layers, in order; {@code freezeLayerCount} N freezes the first N. */
    public abstract List<? extends NamedBlock> layers();

    /** Blocks after the last layer (ModernBERT's final norm): they train unless every layer is frozen. */
    public List<NamedBlock> finalBlocks() {
        return List.of();
    }

    /** A pooler over the first token (BERT's), or null. */
    public NamedBlock pooler() {
        return null;
    }

    /** The embeddings of the inputs: (B, S, H). */
    public abstract NDArray embed(ParameterStore store, NDList inputs, boolean training);

    /** Layers {@code from} (inclusive) to {@code to} (exclusive) over hidden states (B, S, H). */
    public abstract NDArray runLayers(
            ParameterStore store, NDArray hidden, NDList inputs, int from, int to, boolean training);

    /** The last hidden states from the last layer's output: the {@link #finalBlocks()}, if any. */
    public NDArray finish(ParameterStore store, NDArray lastLayer, boolean training) {
        return lastLayer;
    }

    /** The pooler's output for the first token of each row: (B, H). */
    public NDArray pool(ParameterStore store, NDArray lastHidden, boolean training) {
        throw new IllegalStateException("this encoder has no pooler");
    }

    /** Output: the last hidden states (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = embed(store, inputs, training);
        return new NDList(finish(store, runLayers(store, x, inputs, 0, layers().size(), training), training));
    }

    public static NDArray firstToken(NDArray lastHidden) {
        return lastHidden.get(new NDIndex(":, 0, :"));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }
}
