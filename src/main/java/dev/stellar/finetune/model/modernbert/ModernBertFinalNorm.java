package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.Ops;

/** ModernBertModel's {@code final_norm}: the pre-norm stack's last LayerNorm (no bias), after the last layer. */
public final class ModernBertFinalNorm extends NamedBlock {

    private final Parameter weight;
    private final float eps;

    public ModernBertFinalNorm(int hiddenSize, float eps) {
        this.eps = eps;
        weight = parameter("weight", new Shape(hiddenSize));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Ops.layerNorm(store, inputs.singletonOrThrow(), weight, null, eps, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
