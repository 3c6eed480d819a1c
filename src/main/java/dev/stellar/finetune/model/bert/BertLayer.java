package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.BertConfig;
import dev.stellar.finetune.model.NamedBlock;
import java.util.List;

/**
 * One transformer layer exactly as Hugging Face's BertLayer computes it: post-LayerNorm self-attention
 * and a GELU feed-forward block, each with a residual connection. It holds the parameters under their
 * Hugging Face names; its {@link LayerKernel} does the arithmetic.
 */
public final class BertLayer extends NamedBlock {

    private final BertConfig config;
    private final LayerKernel kernel;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;
    private final Parameter attentionOutWeight;
    private final Parameter attentionOutBias;
    private final Parameter attentionNormWeight;
    private final Parameter attentionNormBias;
    private final Parameter intermediateWeight;
    private final Parameter intermediateBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;
    private final Parameter outputNormWeight;
    private final Parameter outputNormBias;

    public BertLayer(BertConfig config, LayerKernel kernel) {
        this.config = config;
        this.kernel = kernel;
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        queryWeight = parameter("attention.self.query.weight", new Shape(h, h));
        queryBias = parameter("attention.self.query.bias", new Shape(h));
        keyWeight = parameter("attention.self.key.weight", new Shape(h, h));
        keyBias = parameter("attention.self.key.bias", new Shape(h));
        valueWeight = parameter("attention.self.value.weight", new Shape(h, h));
        valueBias = parameter("attention.self.value.bias", new Shape(h));
        attentionOutWeight = parameter("attention.output.dense.weight", new Shape(h, h));
        attentionOutBias = parameter("attention.output.dense.bias", new Shape(h));
        attentionNormWeight = parameter("attention.output.LayerNorm.weight", new Shape(h));
        attentionNormBias = parameter("attention.output.LayerNorm.bias", new Shape(h));
        intermediateWeight = parameter("intermediate.dense.weight", new Shape(i, h));
        intermediateBias = parameter("intermediate.dense.bias", new Shape(i));
        outputWeight = parameter("output.dense.weight", new Shape(h, i));
        outputBias = parameter("output.dense.bias", new Shape(h));
        outputNormWeight = parameter("output.LayerNorm.weight", new Shape(h));
        outputNormBias = parameter("output.LayerNorm.bias", new Shape(h));
    }

    /** Inputs: hidden states (B, S, H) and the additive attention mask (B, 1, 1, S). Output: (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(kernel.forward(store, this, inputs.get(0), inputs.get(1), training));
    }

    public BertConfig config() {
        return config;
    }

    /** The parameters in the order the kernels take them: Q, K, V, attention output, its LayerNorm, FFN in and out, its LayerNorm. */
    public List<Parameter> parametersInOrder() {
        return List.of(
                queryWeight,
                queryBias,
                keyWeight,
                keyBias,
                valueWeight,
                valueBias,
                attentionOutWeight,
                attentionOutBias,
                attentionNormWeight,
                attentionNormBias,
                intermediateWeight,
                intermediateBias,
                outputWeight,
                outputBias,
                outputNormWeight,
                outputNormBias);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
