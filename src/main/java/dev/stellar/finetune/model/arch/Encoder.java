package dev.stellar.finetune.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.BertConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.bert.BertLayer;
import dev.stellar.finetune.model.bert.BertPooler;
import dev.stellar.finetune.model.bert.LayerKernel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The encoder every post-LayerNorm family shares, as transformers' BertModel and RobertaModel lay it out:
 * the family's embeddings, the stack of layers ({@code encoder.layer.N}, BERT's layer and its kernels)
 * and, when the checkpoint has one or the head needs one, the pooler. Only the embeddings differ by
 * {@link Architecture}.
 */
public final class Encoder extends NamedBlock {

    private final BertConfig config;
    private final NamedBlock embeddings;
    private final List<BertLayer> layers = new ArrayList<>();
    private final BertPooler pooler;

    public Encoder(BertConfig config, boolean withPooler, LayerKernel kernel) {
        this.config = config;
        embeddings = child("embeddings", config.architecture().embeddings(config));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child("encoder.layer." + i, new BertLayer(config, kernel)));
        }
        pooler = withPooler ? child("pooler", new BertPooler(config.hiddenSize())) : null;
    }

    public BertConfig config() {
        return config;
    }

    public NamedBlock embeddings() {
        return embeddings;
    }

    public List<BertLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    public BertPooler pooler() {
        return pooler;
    }

    /**
     * Inputs: input_ids (B, S), token_type_ids (B, S), additive attention mask (B, 1, 1, S).
     * Output: the last hidden states (B, S, H).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = embed(store, inputs, training);
        return new NDList(runLayers(store, x, inputs.get(2), 0, layers.size(), training));
    }

    /** The embeddings of input_ids and token_type_ids (the first two inputs): (B, S, H). */
    public NDArray embed(ParameterStore store, NDList inputs, boolean training) {
        return embeddings
                .forward(store, new NDList(inputs.get(0), inputs.get(1)), training)
                .singletonOrThrow();
    }

    /** Layers {@code from} (inclusive) to {@code to} (exclusive) over hidden states (B, S, H). */
    public NDArray runLayers(
            ParameterStore store, NDArray hidden, NDArray maskBias, int from, int to, boolean training) {
        NDArray x = hidden;
        for (int i = from; i < to; i++) {
            x = layers.get(i).forward(store, new NDList(x, maskBias), training).singletonOrThrow();
        }
        return x;
    }

    /** The pooler's output for the [CLS] state of each row: (B, H). */
    public NDArray pool(ParameterStore store, NDArray lastHidden, boolean training) {
        if (pooler == null) {
            throw new IllegalStateException("this encoder has no pooler");
        }
        return pooler.forward(store, new NDList(firstToken(lastHidden)), training)
                .singletonOrThrow();
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
