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
 * ({@code weight}, {@code bias}), so such a model loads in transformers unchanged; or, for RoBERTa,
 * RobertaClassificationHead's Dropout + {@code dense} + Tanh + Dropout + {@code out_proj} ({@link #roberta}).
 */
public final class ClassifierHead extends NamedBlock {

    /** RobertaClassificationHead's Linear layers, in order. */
    public static final List<String> ROBERTA_LINEARS = List.of("dense", "out_proj");

    private final boolean tanh;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final float dropout;
    private final int numLabels;

    public ClassifierHead(int inputSize, List<Integer> hiddenSizes, float dropout, int numLabels) {
        this(inputSize, hiddenSizes, dropout, numLabels, linearNames(hiddenSizes.size()), false);
    }

    private ClassifierHead(
            int inputSize, List<Integer> hiddenSizes, float dropout, int numLabels, List<String> names, boolean tanh) {
        this.dropout = dropout;
        this.numLabels = numLabels;
        this.tanh = tanh;
        sizes.add(inputSize);
        sizes.addAll(hiddenSizes);
        sizes.add(numLabels);
        for (int i = 0; i + 1 < sizes.size(); i++) {
            String prefix = names.get(i).isEmpty() ? "" : names.get(i) + ".";
            weights.add(parameter(prefix + "weight", new Shape(sizes.get(i + 1), sizes.get(i))));
            biases.add(parameter(prefix + "bias", new Shape(sizes.get(i + 1))));
        }
    }

    /**
     * transformers' RobertaClassificationHead on the pooled vector (the {@code <s>} state with cls pooling):
     * {@code out_proj(dropout(tanh(dense(dropout(x)))))}, dense being hidden x hidden.
     */
    public static ClassifierHead roberta(int hiddenSize, float dropout, int numLabels) {
        return new ClassifierHead(hiddenSize, List.of(hiddenSize), dropout, numLabels, ROBERTA_LINEARS, true);
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
        if (dropsInput() && dropout > 0) {
            text.append("Dropout(").append(dropout).append(")-");
        }
        for (int i = 0; i + 1 < sizes.size(); i++) {
            if (i > 0) {
                text.append(tanh ? "-Tanh-" : "-ReLU-")
                        .append("Dropout(")
                        .append(dropout)
                        .append(")-");
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
        if (dropsInput()) {
            x = Ops.dropout(x, dropout, training);
        }
        for (int i = 0; i < weights.size(); i++) {
            if (i > 0) {
                x = Ops.dropout(tanh ? x.tanh() : Activation.relu(x), dropout, training);
            }
            x = Ops.linear(store, x, weights.get(i), biases.get(i), training);
        }
        return new NDList(x);
    }

    /** BERT's single Linear and RoBERTa's head drop out their input; the MLP starts with a Linear. */
    private boolean dropsInput() {
        return weights.size() == 1 || tanh;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }
}
