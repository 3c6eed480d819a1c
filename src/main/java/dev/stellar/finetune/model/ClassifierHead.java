package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The classifier on the pooled vector. With hidden sizes it is PyTorch's
 * {@code Sequential(Linear, ReLU, Dropout, ..., Linear)} and its parameters are named by position
 * ({@code 0.weight}, {@code 3.weight}); without, it is BertForSequenceClassification's Dropout + Linear
 * ({@code weight}, {@code bias}), so such a model loads in transformers unchanged.
 */
public final class ClassifierHead extends NamedBlock {

    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final float dropout;
    private final int numLabels;

    public ClassifierHead(int inputSize, List<Integer> hiddenSizes, float dropout, int numLabels) {
        this.dropout = dropout;
        this.numLabels = numLabels;
        sizes.add(inputSize);
        sizes.addAll(hiddenSizes);
        sizes.add(numLabels);
        List<String> names = linearNames(hiddenSizes.size());
        for (int i = 0; i + 1 < sizes.size(); i++) {
            String prefix = names.get(i).isEmpty() ? "" : names.get(i) + ".";
            weights.add(parameter(prefix + "weight", new Shape(sizes.get(i + 1), sizes.get(i))));
            biases.add(parameter(prefix + "bias", new Shape(sizes.get(i + 1))));
        }
    }

    /**
     * The Linear layers' names within the head, in order: {@code ""} for the single Linear, else their positions
     * in {@code Sequential(Linear, ReLU, Dropout, ...)}: {@code "0"}, {@code "3"}, {@code "6"}, ...
     */
    public static List<String> linearNames(int hiddenLayers) {
        if (hiddenLayers == 0) {
            return List.of("");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= hiddenLayers; i++) {
            names.add(Integer.toString(3 * i));
        }
        return names;
    }

    /** (in, out) of each Linear, in order. */
    public List<int[]> linearShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.size(); i++) {
            shapes.add(new int[] {sizes.get(i), sizes.get(i + 1)});
        }
        return shapes;
    }

    public List<Parameter> weights() {
        return weights;
    }

    public List<Parameter> biases() {
        return biases;
    }

    /** A short description of the layers, e.g. "Linear(384,256)-ReLU-Dropout(0.1)-Linear(256,2)". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        boolean single = weights.size() == 1;
        if (single && dropout > 0) {
            text.append("Dropout(").append(dropout).append(")-");
        }
        for (int i = 0; i + 1 < sizes.size(); i++) {
            if (i > 0) {
                text.append("-ReLU-Dropout(").append(dropout).append(")-");
            }
            text.append("Linear(")
                    .append(sizes.get(i))
                    .append(',')
                    .append(sizes.get(i + 1))
                    .append(')');
        }
        return text.toString();
    }

    /** Input: the pooled vectors (B, H). Output: logits (B, numLabels). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (weights.size() == 1) {
            x = Ops.dropout(x, dropout, training);
        }
        for (int i = 0; i < weights.size(); i++) {
            if (i > 0) {
                x = Ops.dropout(Activation.relu(x), dropout, training);
            }
            x = Ops.linear(store, x, weights.get(i), biases.get(i), training);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }
}
