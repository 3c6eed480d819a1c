package dev.stellar.finetune.model.bert;

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
 * Word, position and token-type embeddings, summed, then LayerNorm and dropout (HF BertEmbeddings). A
 * family whose embeddings differ only in how positions are numbered overrides {@link #positionIds}. The
 * tables are {@code embedding_size} wide (ELECTRA's are narrower than its layers); a family without token
 * types (DistilBERT, {@code typeVocabSize} 0) has no token-type table and ignores token_type_ids.
 */
public class BertEmbeddings extends NamedBlock {

    private final EncoderConfig config;
    private final Parameter words;
    private final Parameter positions;
    private final Parameter tokenTypes;
    private final Parameter gamma;
    private final Parameter beta;

    public BertEmbeddings(EncoderConfig config) {
        this.config = config;
        int h = config.embeddingSize();
        words = parameter("word_embeddings.weight", new Shape(config.vocabSize(), h));
        positions = parameter("position_embeddings.weight", new Shape(config.maxPositions(), h));
        tokenTypes = config.typeVocabSize() > 0
                ? parameter("token_type_embeddings.weight", new Shape(config.typeVocabSize(), h))
                : null;
        gamma = parameter("LayerNorm.weight", new Shape(h));
        beta = parameter("LayerNorm.bias", new Shape(h));
    }

    /** Inputs: input_ids and token_type_ids, both int64 (B, S). Output: (B, S, embedding size). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        // Positions are looked up like words: slicing the parameter would tie the result to the model's memory.
        NDArray x = Ops.embedding(store, words, ids, training);
        if (tokenTypes != null) {
            x = x.add(Ops.embedding(store, tokenTypes, types, training));
        }
        x = x.add(Ops.embedding(store, positions, positionIds(ids), training));
        x = Ops.layerNorm(store, x, gamma, beta, config.layerNormEps(), training);
        return new NDList(Ops.dropout(x, config.hiddenDropout(), training));
    }

    /** BERT's absolute positions 0..S-1 for input_ids (B, S): (S), the same for every row. */
    protected NDArray positionIds(NDArray ids) {
        return ids.getManager().arange(0, (int) ids.getShape().get(1), 1, DataType.INT64);
    }

    protected final EncoderConfig config() {
        return config;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.embeddingSize())};
    }
}
