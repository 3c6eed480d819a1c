package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.BertConfig;
import dev.stellar.finetune.model.NamedBlock;

/**
 * One transformer layer exactly as Hugging Face's BertLayer computes it: post-LayerNorm self-attention
 * and a GELU feed-forward block, each with a residual connection.
 */
public final class BertLayer extends NamedBlock {

    private final BertConfig config;
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

    public BertLayer(BertConfig config) {
        this.config = config;
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

    /**
     * Inputs: hidden states (B, S, H), the additive attention mask (B, 1, 1, S) and the attention scale
     * 1/sqrt(head size) as a scalar array. Output: hidden states (B, S, H).
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        NDArray scale = inputs.get(2);
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int headSize = config.headSize();
        float eps = config.layerNormEps();

        // (B, S, H) -> (B, heads, S, headSize); the scale multiplies by an array the step owns, never a
        // Java float, so backward never reads a freed scalar.
        NDArray q = linear(store, x, queryWeight, queryBias, training).mul(scale)
                .reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
        NDArray kT = linear(store, x, keyWeight, keyBias, training)
                .reshape(batch, length, heads, headSize).transpose(0, 2, 3, 1);
        NDArray v = linear(store, x, valueWeight, valueBias, training)
                .reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
        NDArray probabilities = q.matMul(kT).add(maskBias).softmax(-1);
        probabilities = dropout(probabilities, config.attentionDropout(), training);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hiddenSize());

        NDArray attended = dropout(linear(store, context, attentionOutWeight, attentionOutBias, training),
                config.hiddenDropout(), training);
        attended = layerNorm(store, attended.add(x), attentionNormWeight, attentionNormBias, eps, training);

        NDArray inner = Activation.gelu(linear(store, attended, intermediateWeight, intermediateBias, training));
        NDArray out = dropout(linear(store, inner, outputWeight, outputBias, training), config.hiddenDropout(),
                training);
        return new NDList(layerNorm(store, out.add(attended), outputNormWeight, outputNormBias, eps, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
