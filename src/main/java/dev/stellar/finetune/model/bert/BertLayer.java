package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.NamedBlock;
import java.util.List;

/**
 * One transformer layer exactly as Hugging Face's BertLayer computes it: post-LayerNorm self-attention
 * and a GELU feed-forward block, each with a residual connection. It holds the parameters under the
 * family's Hugging Face names ({@link Names}: DistilBERT's TransformerBlock is the same layer under other
 * names); its {@link LayerKernel} does the arithmetic.
 */
public final class BertLayer extends NamedBlock {

    private final EncoderConfig config;
    private final LayerKernel kernel;
    private final float attentionOutputDropout;
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

    public BertLayer(EncoderConfig config, Names names, LayerKernel kernel) {
        this.config = config;
        this.attentionOutputDropout = names.dropoutAfterAttentionOutput() ? config.hiddenDropout() : 0f;
        this.kernel = kernel;
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        queryWeight = parameter(names.query() + ".weight", new Shape(h, h));
        queryBias = parameter(names.query() + ".bias", new Shape(h));
        keyWeight = parameter(names.key() + ".weight", new Shape(h, h));
        keyBias = parameter(names.key() + ".bias", new Shape(h));
        valueWeight = parameter(names.value() + ".weight", new Shape(h, h));
        valueBias = parameter(names.value() + ".bias", new Shape(h));
        attentionOutWeight = parameter(names.attentionOutput() + ".weight", new Shape(h, h));
        attentionOutBias = parameter(names.attentionOutput() + ".bias", new Shape(h));
        attentionNormWeight = parameter(names.attentionNorm() + ".weight", new Shape(h));
        attentionNormBias = parameter(names.attentionNorm() + ".bias", new Shape(h));
        intermediateWeight = parameter(names.intermediate() + ".weight", new Shape(i, h));
        intermediateBias = parameter(names.intermediate() + ".bias", new Shape(i));
        outputWeight = parameter(names.output() + ".weight", new Shape(h, i));
        outputBias = parameter(names.output() + ".bias", new Shape(h));
        outputNormWeight = parameter(names.outputNorm() + ".weight", new Shape(h));
        outputNormBias = parameter(names.outputNorm() + ".bias", new Shape(h));
    }

    /**
     * What a family calls the layer's eight modules (each has a weight and a bias), and its one difference
     * in arithmetic.
     *
     * @param dropoutAfterAttentionOutput whether dropout follows the attention's output projection: BERT's
     *     BertSelfOutput has it, DistilBERT's MultiHeadSelfAttention drops only the attention probabilities
     */
    public record Names(
            String query,
            String key,
            String value,
            String attentionOutput,
            String attentionNorm,
            String intermediate,
            String output,
            String outputNorm,
            boolean dropoutAfterAttentionOutput) {

        /** transformers' BertLayer, which RoBERTa and ELECTRA copy. */
        public static final Names BERT = new Names(
                "attention.self.query",
                "attention.self.key",
                "attention.self.value",
                "attention.output.dense",
                "attention.output.LayerNorm",
                "intermediate.dense",
                "output.dense",
                "output.LayerNorm",
                true);

        /** transformers' DistilBERT TransformerBlock: the same layer as BERT's under its own names. */
        public static final Names DISTILBERT = new Names(
                "attention.q_lin",
                "attention.k_lin",
                "attention.v_lin",
                "attention.out_lin",
                "sa_layer_norm",
                "ffn.lin1",
                "ffn.lin2",
                "output_layer_norm",
                false);
    }

    /** Inputs: hidden states (B, S, H) and the additive attention mask (B, 1, 1, S). Output: (B, S, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(kernel.forward(store, this, inputs.get(0), inputs.get(1), training));
    }

    public EncoderConfig config() {
        return config;
    }

    /** The dropout rate after the attention's output projection (0 where the family has none). */
    public float attentionOutputDropout() {
        return attentionOutputDropout;
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
