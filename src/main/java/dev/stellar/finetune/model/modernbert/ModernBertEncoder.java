package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.arch.Encoder;
import dev.stellar.finetune.model.arch.KernelKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * transformers' ModernBertModel: embeddings, the pre-norm layers {@code layers.N} (every
 * {@code global_attn_every_n_layers}-th global, the others attending within a sliding window) and
 * {@code final_norm}. No pooler: ModernBertForSequenceClassification pools the final states itself.
 */
public final class ModernBertEncoder extends Encoder {

    /** What transformers adds to masked scores: the lowest float, so a fully masked row stays finite. */
    private static final float MASKED = -Float.MAX_VALUE;

    private final ModernBertConfig options;
    private final ModernBertEmbeddings embeddings;
    private final List<ModernBertLayer> layers = new ArrayList<>();
    private final ModernBertFinalNorm finalNorm;

    public ModernBertEncoder(EncoderConfig config, KernelKind kernel) {
        super(config);
        options = ModernBertConfig.of(config);
        embeddings = child("embeddings", new ModernBertEmbeddings(config, options.embeddingDropout()));
        ModernBertKernel layerKernel = ModernBertKernel.of(kernel);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child("layers." + i, new ModernBertLayer(config, i, options.isLocal(i), layerKernel)));
        }
        finalNorm = child("final_norm", new ModernBertFinalNorm(config.hiddenSize(), config.layerNormEps()));
    }

    public ModernBertConfig options() {
        return options;
    }

    @Override
    public List<NamedBlock> embeddingBlocks() {
        return List.of(embeddings);
    }

    @Override
    public List<ModernBertLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public List<NamedBlock> finalBlocks() {
        return List.of(finalNorm);
    }

    /** The embeddings of input_ids (the first input; ModernBERT has no token types): (B, S, H). */
    @Override
    public NDArray embed(ParameterStore store, NDList inputs, boolean training) {
        return embeddings.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    }

    /**
     * The masks and rotary tables are made once for the slice: global layers take the padding mask and the
     * global base, local ones the padding mask with the window masked too and the local base.
     */
    @Override
    public NDArray runLayers(ParameterStore store, NDArray hidden, NDList inputs, int from, int to, boolean training) {
        NDArray padding = inputs.get(2);
        NDManager manager = hidden.getManager();
        int length = (int) hidden.getShape().get(1);
        int d = config().headSize();
        AttentionInputs global = null;
        AttentionInputs local = null;
        NDArray x = hidden;
        for (int i = from; i < to; i++) {
            ModernBertLayer layer = layers.get(i);
            if (layer.isLocal() && local == null) {
                NDArray[] rope = RotaryTables.of(manager, length, d, options.localRopeTheta());
                local = new AttentionInputs(padding.minimum(window(manager, length)), rope[0], rope[1]);
            } else if (!layer.isLocal() && global == null) {
                NDArray[] rope = RotaryTables.of(manager, length, d, options.globalRopeTheta());
                global = new AttentionInputs(padding, rope[0], rope[1]);
            }
            x = layer.forward(store, x, layer.isLocal() ? local : global, training);
        }
        return x;
    }

    /** 0 where |i - j| is within the window radius, the lowest float elsewhere: (1, 1, S, S). */
    private NDArray window(NDManager manager, int length) {
        int radius = options.windowRadius();
        float[] bias = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                bias[i * length + j] = Math.abs(i - j) <= radius ? 0f : MASKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, length, length));
    }

    @Override
    public NDArray finish(ParameterStore store, NDArray lastLayer, boolean training) {
        return finalNorm.forward(store, new NDList(lastLayer), training).singletonOrThrow();
    }
}
