package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.Ops;

/** BERT's pooler: tanh(dense(hidden state of the first token)). */
public final class BertPooler extends NamedBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final int hiddenSize;

    public BertPooler(int hiddenSize) {
        this.hiddenSize = hiddenSize;
        weight = parameter("dense.weight", new Shape(hiddenSize, hiddenSize));
        bias = parameter("dense.bias", new Shape(hiddenSize));
    }

    /** Input: the [CLS] states (B, H). Output: (B, H). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray cls = inputs.singletonOrThrow();
        return new NDList(Ops.linear(store, cls, weight, bias, training).tanh());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), hiddenSize)};
    }
}
