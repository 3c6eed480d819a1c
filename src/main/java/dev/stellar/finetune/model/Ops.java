package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * The fused engine ops the blocks use, called on the activation (so results belong to the step's memory,
 * not the model's) with the parameter's current value.
 */
public final class Ops {

    private Ops() {}

    /** The parameter's current value, on the activations' device (where the model's weights live too). */
    public static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    /** Rows of the embedding {@code table} for the int64 {@code ids}: (ids' shape..., width). */
    public static NDArray embedding(ParameterStore store, Parameter table, NDArray ids, boolean training) {
        return ids.getNDArrayInternal()
                .embedding(ids, value(store, table, ids, training), SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** @param bias null for a Linear without one */
    public static NDArray linear(ParameterStore store, NDArray x, Parameter weight, Parameter bias, boolean training) {
        if (bias == null) {
            return x.matMul(value(store, weight, x, training).transpose());
        }
        return x.getNDArrayInternal()
                .linear(x, value(store, weight, x, training), value(store, bias, x, training))
                .singletonOrThrow();
    }

    /** @param beta null for a LayerNorm without a bias */
    public static NDArray layerNorm(
            ParameterStore store, NDArray x, Parameter gamma, Parameter beta, float eps, boolean training) {
        return x.getNDArrayInternal()
                .layerNorm(
                        x,
                        new Shape(x.getShape().get(x.getShape().dimension() - 1)),
                        value(store, gamma, x, training),
                        beta == null ? value(store, gamma, x, training).zerosLike() : value(store, beta, x, training),
                        eps)
                .singletonOrThrow();
    }

    public static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
    }
}
