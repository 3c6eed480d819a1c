package dev.stellar.finetune.model.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.Ops;
import dev.stellar.finetune.model.bert.EagerLayerKernel;
import java.util.List;

/** The DeBERTa layer in DJL's eager ops, one engine call per operation: the reference the others must match. */
public final class EagerDebertaKernel implements DebertaLayer.Kernel {

    @Override
    public NDArray forward(ParameterStore store, DebertaLayer layer, NDList inputs, boolean training) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        NDArray relative = inputs.get(2);
        NDArray rows = inputs.get(3);
        EncoderConfig config = layer.config();
        DebertaOptions options = layer.options();
        List<Parameter> p = layer.parametersInOrder();
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int headSize = config.headSize();
        NDArray q = heads(Ops.linear(store, x, p.get(0), p.get(1), training), heads, headSize);
        NDArray k = heads(Ops.linear(store, x, p.get(2), p.get(3), training), heads, headSize);
        NDArray v = heads(Ops.linear(store, x, p.get(4), p.get(5), training), heads, headSize);
        Shape pairs = new Shape(batch, heads, length, length);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (options.contentToPosition()) {
            NDArray posKeysT = positions(Ops.linear(store, relative, p.get(2), p.get(3), training), heads, headSize);
            scores = scores.add(q.matMul(posKeysT).gather(rows.broadcast(pairs), -1));
        }
        if (options.positionToContent()) {
            NDArray posQueriesT = positions(Ops.linear(store, relative, p.get(0), p.get(1), training), heads, headSize);
            NDArray byKey = k.matMul(posQueriesT).gather(rows.transpose().broadcast(pairs), -1);
            scores = scores.add(byKey.transpose(0, 1, 3, 2));
        }
        // Divided by an array the step owns, never a Java float, so backward never reads a freed scalar.
        NDArray scale = x.getManager().create((float) Math.sqrt((double) headSize * options.scaleFactor()));
        NDArray probabilities = scores.div(scale).add(maskBias).softmax(-1);
        probabilities = Ops.dropout(probabilities, config.attentionDropout(), training);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hiddenSize());
        return EagerLayerKernel.afterAttention(store, config, p, context, x, config.hiddenDropout(), training);
    }

    /** (B, S, H) to (B, heads, S, head size). */
    private static NDArray heads(NDArray x, int heads, int headSize) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headSize).transpose(0, 2, 1, 3);
    }

    /** The projected relative embeddings (2 span, H) as (heads, head size, 2 span), ready to multiply. */
    private static NDArray positions(NDArray projected, int heads, int headSize) {
        return projected.reshape(projected.getShape().get(0), heads, headSize).transpose(1, 2, 0);
    }
}
