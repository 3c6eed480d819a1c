package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.Ops;

/**
 * transformers' ModernBertEmbeddings: the token embeddings, a LayerNorm without bias and dropout. No
 * position or token-type tables: positions enter as rotary embeddings in every attention layer.
 */
public final class ModernBertEmbeddings extends NamedBlock {

    private final EncoderConfig config;
    private final float dropout;
    private final Parameter words;
    private final Parameter norm;

    public ModernBertEmbeddings(EncoderConfig config, float dropout) {
        this.config = config;
        this.dropout = dropout;
        words = parameter("tok_embeddings.weight", new Shape(config.vocabSize(), config.hiddenSize()));
        norm = parameter("norm.weight", new Shape(config.hiddenSize()));
    }

    /** Input: input_ids (B, S) int64. Output: (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray x = Ops.embedding(store, words, ids, training);
        x = Ops.layerNorm(store, x, norm, null, config.layerNormEps(), training);
        return new NDList(Ops.dropout(x, dropout, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }
}
