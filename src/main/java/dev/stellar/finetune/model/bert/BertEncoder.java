package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.arch.Encoder;
import dev.stellar.finetune.model.arch.KernelKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The encoder of the post-LayerNorm families, as transformers' BertModel lays it out: the family's
 * embeddings, ELECTRA's projection of narrower embeddings up to the hidden size, the stack of
 * {@link BertLayer}s under the family's names ({@code encoder.layer.N} in BERT, RoBERTa and ELECTRA;
 * {@code transformer.layer.N} in DistilBERT) and, when the checkpoint has one or the head needs one, the
 * pooler.
 */
public final class BertEncoder extends Encoder {

    private final NamedBlock embeddings;
    private final NamedBlock projection;
    private final List<BertLayer> layers = new ArrayList<>();
    private final BertPooler pooler;

    /**
     * @param embeddings the family's embeddings block: input_ids and token_type_ids (B, S) in, (B, S, H) out
     * @param layerPrefix where layer N lives, e.g. {@code encoder.layer.}
     * @param names the family's names of the sixteen layer tensors
     */
    public BertEncoder(
            EncoderConfig config,
            NamedBlock embeddings,
            String layerPrefix,
            BertLayer.Names names,
            boolean withPooler,
            KernelKind kernel) {
        this(config, embeddings, null, layerPrefix, names, withPooler, kernel);
    }

    /**
     * @param projection ELECTRA's {@code embeddings_project}, which maps the embeddings (B, S, E) to the
     *     layers' width (B, S, H); null where the embeddings are as wide as the layers
     */
    public BertEncoder(
            EncoderConfig config,
            NamedBlock embeddings,
            NamedBlock projection,
            String layerPrefix,
            BertLayer.Names names,
            boolean withPooler,
            KernelKind kernel) {
        super(config);
        this.embeddings = child("embeddings", embeddings);
        this.projection = projection == null ? null : child("embeddings_project", projection);
        LayerKernel layerKernel = Kernels.of(kernel);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child(layerPrefix + i, new BertLayer(config, names, layerKernel)));
        }
        pooler = withPooler ? child("pooler", new BertPooler(config.hiddenSize())) : null;
    }

    /** The embeddings and the projection that only they feed. */
    @Override
    public List<NamedBlock> embeddingBlocks() {
        return projection == null ? List.of(embeddings) : List.of(embeddings, projection);
    }

    @Override
    public List<BertLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public NamedBlock pooler() {
        return pooler;
    }

    /** The embeddings of input_ids and token_type_ids (the first two inputs), projected if need be: (B, S, H). */
    @Override
    public NDArray embed(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = embeddings
                .forward(store, new NDList(inputs.get(0), inputs.get(1)), training)
                .singletonOrThrow();
        return projection == null
                ? x
                : projection.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public NDArray runLayers(ParameterStore store, NDArray hidden, NDList inputs, int from, int to, boolean training) {
        NDArray maskBias = inputs.get(2);
        NDArray x = hidden;
        for (int i = from; i < to; i++) {
            x = layers.get(i).forward(store, new NDList(x, maskBias), training).singletonOrThrow();
        }
        return x;
    }

    @Override
    public NDArray pool(ParameterStore store, NDArray lastHidden, boolean training) {
        if (pooler == null) {
            return super.pool(store, lastHidden, training);
        }
        return pooler.forward(store, new NDList(firstToken(lastHidden)), training)
                .singletonOrThrow();
    }
}
