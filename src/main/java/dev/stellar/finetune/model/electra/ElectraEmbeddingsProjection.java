package dev.stellar.finetune.model.electra;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.Ops;

/**
 * ElectraModel's {@code embeddings_project}: a Linear from {@code embedding_size} up to {@code hidden_size}
 * between the embeddings and the first layer. transformers builds it only when the two sizes differ
 * (electra-small and -base; not electra-large).
 */
public final class ElectraEmbeddingsProjection extends NamedBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final int hiddenSize;

    public ElectraEmbeddingsProjection(EncoderConfig config) {
        this.hiddenSize = config.hiddenSize();
        weight = parameter("weight", new Shape(hiddenSize, config.embeddingSize()));
        bias = parameter("bias", new Shape(hiddenSize));
    }

    /** Whether a checkpoint of this config has the projection. */
    public static boolean needed(EncoderConfig config) {
        return config.embeddingSize() != config.hiddenSize();
    }

    /** Input: the embeddings (B, S, E). Output: (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Ops.linear(store, inputs.singletonOrThrow(), weight, bias, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), hiddenSize)};
    }
}
