package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.Ops;
import java.util.List;

/** The layer in DJL's eager ops, one engine call per operation: the reference the others must match. */
public final class EagerLayerKernel implements LayerKernel {

    @Override
    public NDArray forward(ParameterStore store, BertLayer layer, NDArray x, NDArray maskBias, boolean training) {
        EncoderConfig config = layer.config();
        List<Parameter> p = layer.parametersInOrder();
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int headSize = config.headSize();
        // The scale multiplies by an array the step owns, never a Java float, so backward never reads a
        // freed scalar.
        NDArray scale = x.getManager().create((float) (1.0 / Math.sqrt(headSize)));
        NDArray q = Ops.linear(store, x, p.get(0), p.get(1), training)
                .mul(scale)
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 1, 3);
        NDArray kT = Ops.linear(store, x, p.get(2), p.get(3), training)
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 3, 1);
        NDArray v = Ops.linear(store, x, p.get(4), p.get(5), training)
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 1, 3);
        NDArray probabilities = q.matMul(kT).add(maskBias).softmax(-1);
        probabilities = Ops.dropout(probabilities, config.attentionDropout(), training);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hiddenSize());
        return afterAttention(store, config, p, context, x, layer.attentionOutputDropout(), training);
    }

    /**
     * What follows the attention in every post-LayerNorm layer: the attention output (dense, dropout, residual,
     * LayerNorm) and the GELU feed-forward block, with parameters 6 to 15 of {@link BertLayer#parametersInOrder()}.
     *
     * @param context the attention's output (B, S, H), heads merged
     * @param x the layer's input (B, S, H)
     */
    public static NDArray afterAttention(
            ParameterStore store,
            EncoderConfig config,
            List<Parameter> p,
            NDArray context,
            NDArray x,
            float attentionOutputDropout,
            boolean training) {
        float eps = config.layerNormEps();
        NDArray attended =
                Ops.dropout(Ops.linear(store, context, p.get(6), p.get(7), training), attentionOutputDropout, training);
        attended = Ops.layerNorm(store, attended.add(x), p.get(8), p.get(9), eps, training);
        NDArray inner = Activation.gelu(Ops.linear(store, attended, p.get(10), p.get(11), training));
        NDArray out =
                Ops.dropout(Ops.linear(store, inner, p.get(12), p.get(13), training), config.hiddenDropout(), training);
        return Ops.layerNorm(store, out.add(attended), p.get(14), p.get(15), eps, training);
    }
}
