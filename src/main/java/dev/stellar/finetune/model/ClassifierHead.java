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
import java.util.Locale;

/**
 * The classifier on the pooled vector, as a sequence of steps whose parameters carry their names in the
 * saved model (relative to its root, so a family's own head may use {@code pre_classifier.*} or
 * {@code pooler.dense.*} beside {@code classifier.*}). With hidden sizes it is the plugin's MLP, PyTorch's
 * {@code Sequential(Linear, ReLU, Dropout, ..., Linear)} under {@code classifier.0}, {@code classifier.3},
 * ...; without, it is the family's own transformers head ({@link #builder}), so such a model loads in that
 * family's *ForSequenceClassification unchanged.
 */
public final class ClassifierHead extends NamedBlock {

    /** An activation between a head's Linear layers. */
    public enum Act {
        RELU,
        TANH,
        /** The exact (erf) GELU. */
        GELU;

        String label() {
            return switch (this) {
                case RELU -> "ReLU";
                case TANH -> "Tanh";
                case GELU -> "GELU";
            };
        }
    }

    /** One step of the head. */
    public sealed interface Step permits Linear, Activate, Norm, Dropout {}

    /** A Linear layer {@code name} (weight [out, in], bias unless {@code bias} is null). */
    public record Linear(String name, int in, int out, Parameter weight, Parameter bias) implements Step {}

    public record Activate(Act act) implements Step {}

    /** A LayerNorm {@code name} over the vector (bias unless null). */
    public record Norm(String name, int size, Parameter weight, Parameter bias, float eps) implements Step {}

    public record Dropout(float rate) implements Step {}

    private final List<Step> steps;
    private final int numLabels;

    private ClassifierHead(Builder builder) {
        this.numLabels = builder.in;
        List<Step> built = new ArrayList<>();
        for (Object spec : builder.specs) {
            built.add(build(spec));
        }
        this.steps = List.copyOf(built);
    }

    private Step build(Object spec) {
        if (spec instanceof LinearSpec l) {
            Parameter weight = parameter(l.name + ".weight", new Shape(l.out, l.in));
            Parameter bias = l.bias ? parameter(l.name + ".bias", new Shape(l.out)) : null;
            return new Linear(l.name, l.in, l.out, weight, bias);
        }
        if (spec instanceof NormSpec n) {
            Parameter weight = parameter(n.name + ".weight", new Shape(n.size));
            Parameter bias = n.bias ? parameter(n.name + ".bias", new Shape(n.size)) : null;
            return new Norm(n.name, n.size, weight, bias, n.eps);
        }
        return (Step) spec;
    }

    /**
     * The plugin's MLP for hidden sizes, else BertForSequenceClassification's Dropout + Linear
     * ({@code classifier.weight}, {@code classifier.bias}).
     */
    public ClassifierHead(int inputSize, List<Integer> hiddenSizes, float dropout, int numLabels) {
        this(mlp(inputSize, hiddenSizes, dropout, numLabels));
    }

    private static Builder mlp(int inputSize, List<Integer> hiddenSizes, float dropout, int numLabels) {
        Builder b = builder(inputSize);
        if (hiddenSizes.isEmpty()) {
            return b.dropout(dropout).linear("classifier", numLabels);
        }
        List<String> names = linearNames(hiddenSizes.size());
        for (int i = 0; i < hiddenSizes.size(); i++) {
            b.linear("classifier." + names.get(i), hiddenSizes.get(i))
                    .act(Act.RELU)
                    .dropout(dropout);
        }
        return b.linear("classifier." + names.get(hiddenSizes.size()), numLabels);
    }

    /**
     * transformers' RobertaClassificationHead on the {@code <s>} state:
     * {@code out_proj(dropout(tanh(dense(dropout(x)))))}, dense being hidden x hidden.
     */
    public static ClassifierHead roberta(int hiddenSize, float dropout, int numLabels) {
        return builder(hiddenSize)
                .dropout(dropout)
                .linear("classifier.dense", hiddenSize)
                .act(Act.TANH)
                .dropout(dropout)
                .linear("classifier.out_proj", numLabels)
                .build();
    }

    /** A head step by step, from the pooled vector's size. */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /**
     * The Linear layers' names within the MLP head, in order: {@code ""} for the single Linear, else their
     * positions in {@code Sequential(Linear, ReLU, Dropout, ...)}: {@code "0"}, {@code "3"}, {@code "6"}, ...
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

    public List<Step> steps() {
        return steps;
    }

    /** (in, out) of each Linear, in order. */
    public List<int[]> linearShapes() {
        return steps.stream()
                .filter(Linear.class::isInstance)
                .map(s -> new int[] {((Linear) s).in(), ((Linear) s).out()})
                .toList();
    }

    /** A short description of the layers, e.g. "Linear(384,256)-ReLU-Dropout(0.1)-Linear(256,2)". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Linear l) {
                parts.add("Linear(" + l.in() + "," + l.out() + ")");
            } else if (step instanceof Activate a) {
                parts.add(a.act().label());
            } else if (step instanceof Norm n) {
                parts.add("LayerNorm(" + n.size() + ")");
            } else if (step instanceof Dropout d && d.rate() > 0) {
                parts.add(String.format(Locale.ROOT, "Dropout(%s)", d.rate()));
            }
        }
        return String.join("-", parts);
    }

    /** Input: the pooled vectors (B, H). Output: logits (B, numLabels). */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (Step step : steps) {
            x = apply(store, x, step, training);
        }
        return new NDList(x);
    }

    private static NDArray apply(ParameterStore store, NDArray x, Step step, boolean training) {
        if (step instanceof Linear l) {
            return Ops.linear(store, x, l.weight(), l.bias(), training);
        }
        if (step instanceof Norm n) {
            return Ops.layerNorm(store, x, n.weight(), n.bias(), n.eps(), training);
        }
        if (step instanceof Dropout d) {
            return Ops.dropout(x, d.rate(), training);
        }
        return switch (((Activate) step).act()) {
            case RELU -> Activation.relu(x);
            case TANH -> x.tanh();
            case GELU -> Activation.gelu(x);
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }

    private record LinearSpec(String name, int in, int out, boolean bias) {}

    private record NormSpec(String name, int size, boolean bias, float eps) {}

    /** Builds a head in order; sizes chain from one Linear to the next. */
    public static final class Builder {
        private final List<Object> specs = new ArrayList<>();
        private int in;

        private Builder(int inputSize) {
            this.in = inputSize;
        }

        public Builder linear(String name, int out) {
            return linear(name, out, true);
        }

        public Builder linear(String name, int out, boolean bias) {
            specs.add(new LinearSpec(name, in, out, bias));
            in = out;
            return this;
        }

        public Builder act(Act act) {
            specs.add(new Activate(act));
            return this;
        }

        public Builder norm(String name, boolean bias, float eps) {
            specs.add(new NormSpec(name, in, bias, eps));
            return this;
        }

        public Builder dropout(float rate) {
            specs.add(new Dropout(rate));
            return this;
        }

        /** The head; the last Linear's size is the number of labels. */
        public ClassifierHead build() {
            return new ClassifierHead(this);
        }
    }
}
