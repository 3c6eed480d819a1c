package dev.stellar.finetune.model.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.Ops;

/**
 * DebertaV2Encoder's relative position table, shared by every layer: {@code rel_embeddings} (two rows per
 * bucket of the span) and, with {@code norm_rel_ebd = layer_norm}, the encoder-level {@code LayerNorm} applied to
 * it ({@code get_rel_embedding}).
 */
public final class RelativeEmbeddings extends NamedBlock {

    private final EncoderConfig config;
    private final int rows;
    private final Parameter table;
    private final Parameter gamma;
    private final Parameter beta;

    public RelativeEmbeddings(EncoderConfig config, DebertaOptions options) {
        this.config = config;
        this.rows = 2 * options.span();
        int h = config.hiddenSize();
        table = parameter("rel_embeddings.weight", new Shape(rows, h));
        gamma = parameter("LayerNorm.weight", new Shape(h));
        beta = parameter("LayerNorm.bias", new Shape(h));
    }

    /** Input: any array of the step (for its memory). Output: the normalised table (2 span, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray like = inputs.get(0);
        // Looked up like words: slicing the parameter would tie the result to the model's memory.
        NDArray all = like.getManager().arange(0, rows, 1, DataType.INT64);
        NDArray x = Ops.embedding(store, table, all, training);
        return new NDList(Ops.layerNorm(store, x, gamma, beta, config.layerNormEps(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(rows, config.hiddenSize())};
    }
}
