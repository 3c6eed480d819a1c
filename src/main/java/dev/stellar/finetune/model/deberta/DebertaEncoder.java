package dev.stellar.finetune.model.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.arch.Encoder;
import dev.stellar.finetune.model.arch.KernelKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * transformers' DebertaV2Model as DeBERTa-v3 configures it: {@link DebertaEmbeddings}, then the stack of
 * {@link DebertaLayer}s under {@code encoder.layer.N}, which all read the encoder's relative position table
 * ({@code encoder.rel_embeddings} and {@code encoder.LayerNorm}, frozen with the embeddings). No pooler: the
 * classification head has its own (ContextPooler, {@link #head}).
 */
public final class DebertaEncoder extends Encoder {

    private final DebertaEmbeddings embeddings;
    private final RelativeEmbeddings relative;
    private final RelativePositions positions;
    private final List<DebertaLayer> layers = new ArrayList<>();

    public DebertaEncoder(EncoderConfig config, KernelKind kernel) {
        super(config);
        DebertaOptions options = DebertaOptions.of(config);
        positions = new RelativePositions(options);
        embeddings = child("embeddings", new DebertaEmbeddings(config));
        relative = child("encoder", new RelativeEmbeddings(config, options));
        DebertaLayer.Kernel layerKernel = kernel(kernel);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child("encoder.layer." + i, new DebertaLayer(config, options, layerKernel)));
        }
    }

    private static DebertaLayer.Kernel kernel(KernelKind kind) {
        return switch (kind) {
            case EAGER -> new EagerDebertaKernel();
            case FP32, BF16, FP16 -> new ScriptedDebertaKernel(kind);
        };
    }

    /**
     * DebertaV2ForSequenceClassification's head on the first token: ContextPooler ({@code pooler.dense} after
     * {@code pooler_dropout}, then GELU) and, after dropout, {@code classifier}.
     */
    public static ClassifierHead head(EncoderConfig config, HeadSettings head, int numLabels) {
        DebertaOptions options = DebertaOptions.of(config);
        return ClassifierHead.builder(config.hiddenSize())
                .dropout(options.poolerDropout())
                .linear("pooler.dense", options.poolerHiddenSize())
                .act(ClassifierHead.Act.GELU)
                .dropout((float) head.dropout())
                .linear("classifier", numLabels)
                .build();
    }

    /** The embeddings and the relative position table every layer shares. */
    @Override
    public List<NamedBlock> embeddingBlocks() {
        return List.of(embeddings, relative);
    }

    @Override
    public List<DebertaLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The embeddings of input_ids, zeroed where attention_mask (the fourth input) is 0: (B, S, H). */
    @Override
    public NDArray embed(ParameterStore store, NDList inputs, boolean training) {
        return embeddings
                .forward(store, new NDList(inputs.get(0), inputs.get(3)), training)
                .singletonOrThrow();
    }

    /** The relative table and each pair's row are computed once per call, for every layer it runs. */
    @Override
    public NDArray runLayers(ParameterStore store, NDArray hidden, NDList inputs, int from, int to, boolean training) {
        if (from >= to) {
            return hidden;
        }
        NDArray table = relative.forward(store, new NDList(hidden), training).singletonOrThrow();
        int length = (int) hidden.getShape().get(1);
        NDArray rows = hidden.getManager().create(positions.rows(length), new Shape(length, length));
        NDArray maskBias = inputs.get(2);
        NDArray x = hidden;
        for (int i = from; i < to; i++) {
            x = layers.get(i)
                    .forward(store, new NDList(x, maskBias, table, rows), training)
                    .singletonOrThrow();
        }
        return x;
    }
}
