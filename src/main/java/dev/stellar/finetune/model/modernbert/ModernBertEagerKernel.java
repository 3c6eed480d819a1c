package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.Ops;
import java.util.List;

/** The ModernBERT layer in DJL's eager ops, one engine call per operation: the reference the others must match. */
public final class ModernBertEagerKernel implements ModernBertKernel {

    @Override
    public NDArray forward(
            ParameterStore store, ModernBertLayer layer, NDArray x, AttentionInputs attention, boolean training) {
        EncoderConfig config = layer.config();
        List<Parameter> p = layer.parametersInOrder();
        int at = 0;
        float eps = config.layerNormEps();
        NDArray normed = layer.hasAttentionNorm() ? Ops.layerNorm(store, x, p.get(at++), null, eps, training) : x;
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int d = config.headSize();
        // (B, S, 3, heads, d) -> (3, B, heads, S, d): q, k and v as Wqkv lays them out.
        NDArray qkv = Ops.linear(store, normed, p.get(at++), null, training)
                .reshape(batch, length, 3, heads, d)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = rotate(qkv.get(0), attention, d);
        NDArray k = rotate(qkv.get(1), attention, d);
        NDArray v = qkv.get(2);
        // The scale multiplies by an array the step owns, never a Java float, so backward never reads a freed scalar.
        NDArray scale = x.getManager().create((float) (1.0 / Math.sqrt(d)));
        NDArray probabilities = q.matMul(k.transpose(0, 1, 3, 2))
                .mul(scale)
                .add(attention.mask())
                .softmax(-1);
        probabilities = Ops.dropout(probabilities, config.attentionDropout(), training);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hiddenSize());
        NDArray attended = x.add(Ops.dropout(
                Ops.linear(store, context, p.get(at++), null, training), config.attentionDropout(), training));
        NDArray m = Ops.layerNorm(store, attended, p.get(at++), null, eps, training);
        NDArray w = Ops.linear(store, m, p.get(at++), null, training);
        int inner = config.intermediateSize();
        NDArray gated =
                Activation.gelu(w.get(new NDIndex("..., :{}", inner))).mul(w.get(new NDIndex("..., {}:", inner)));
        gated = Ops.dropout(gated, config.hiddenDropout(), training);
        return attended.add(Ops.linear(store, gated, p.get(at), null, training));
    }

    /** RoPE with NeoX's rotate_half: v * cos + cat(-v[..., d/2:], v[..., :d/2]) * sin. */
    private static NDArray rotate(NDArray v, AttentionInputs attention, int d) {
        int half = d / 2;
        NDArray rotated = NDArrays.concat(
                new ai.djl.ndarray.NDList(
                        v.get(new NDIndex("..., {}:", half)).neg(), v.get(new NDIndex("..., :{}", half))),
                -1);
        return v.mul(attention.cos()).add(rotated.mul(attention.sin()));
    }
}
