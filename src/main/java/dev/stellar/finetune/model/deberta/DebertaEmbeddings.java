package dev.stellar.finetune.model.deberta;

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
 * transformers' DebertaV2Embeddings as DeBERTa-v3 configures them: the word embeddings alone (no absolute
 * positions, no token types), LayerNorm, then zeroed where the attention mask is 0, and dropout.
 */
public final class DebertaEmbeddings extends NamedBlock {

    private final EncoderConfig config;
    private final Parameter words;
    private final Parameter gamma;
    private final Parameter beta;

    public DebertaEmbeddings(EncoderConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        words = parameter("word_embeddings.weight", new Shape(config.vocabSize(), h));
        gamma = parameter("LayerNorm.weight", new Shape(h));
        beta = parameter("LayerNorm.bias", new Shape(h));
    }

    /** Inputs: input_ids (B, S) int64 and the 0/1 attention mask (B, S) float. Output: (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray x = Ops.embedding(store, words, ids, training);
        x = Ops.layerNorm(store, x, gamma, beta, config.layerNormEps(), training);
        x = x.mul(inputs.get(1).expandDims(2));
        return new NDList(Ops.dropout(x, config.hiddenDropout(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }
}
