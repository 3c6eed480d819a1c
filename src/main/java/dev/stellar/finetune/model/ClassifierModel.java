package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.io.TensorInfo;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT sequence classifier with its weights in engine memory: built from a pretrained encoder (with a
 * fresh head) or loaded from a model this plugin saved. It owns the memory of its parameters.
 */
public final class ClassifierModel implements AutoCloseable {

    private final NDManager manager;
    private final SequenceClassifier network;
    private final ModelDirectory source;
    private final HeadSettings head;
    private final List<String> labels;
    private final ModelTask task;
    private final List<String> initialised;

    private ClassifierModel(
            NDManager manager,
            SequenceClassifier network,
            ModelDirectory source,
            HeadSettings head,
            List<String> labels,
            ModelTask task,
            List<String> initialised) {
        this.manager = manager;
        this.network = network;
        this.source = source;
        this.head = head;
        this.labels = List.copyOf(labels);
        this.task = task;
        this.initialised = List.copyOf(initialised);
    }

    /**
     * The pretrained encoder with a new head for {@code labels}. A pooler the checkpoint lacks is
     * initialised as Hugging Face does (and a warning says so) when pooling needs it.
     */
    public static ClassifierModel fromPretrained(
            ModelDirectory directory, HeadSettings head, List<String> labels, long seed, BuildLog log) {
        return fromPretrained(directory, head, labels, seed, KernelKind.FP32, log);
    }

    /** @param kernel how the encoder layers compute (fp32 or bf16 TorchScript, or DJL's eager ops) */
    public static ClassifierModel fromPretrained(
            ModelDirectory directory,
            HeadSettings head,
            List<String> labels,
            long seed,
            KernelKind kernel,
            BuildLog log) {
        return fromPretrained(directory, head, labels, ModelTask.SINGLE_LABEL, seed, kernel, log);
    }

    /**
     * @param labels the label names, one output each (regression: one name, the predicted column's)
     * @param task what the outputs mean
     */
    public static ClassifierModel fromPretrained(
            ModelDirectory directory,
            HeadSettings head,
            List<String> labels,
            ModelTask task,
            long seed,
            KernelKind kernel,
            BuildLog log) {
        head = familyPooling(directory, head);
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            boolean hasPooler = directory.config().architecture().hasPooler()
                    && checkpoint.find(poolerWeight(directory)).isPresent();
            boolean withPooler = hasPooler || head.pooling() == Pooling.POOLER;
            SequenceClassifier network = build(directory.config(), head, labels.size(), withPooler, kernel);
            ClassifierModel model = fill(directory, head, labels, task, network, checkpoint, new WeightInit(seed), log);
            if (!hasPooler && head.pooling() == Pooling.POOLER) {
                log.warn("The checkpoint " + directory.location() + " has no pooler weights: pooling=pooler trains a"
                        + " freshly initialised pooler (" + prefix(directory)
                        + "pooler.dense). Set <pooling>cls</pooling> or mean to"
                        + " use the encoder's own outputs instead.");
            }
            return model;
        }
    }

    /**
     * The head with the family's own pooling where none was chosen; {@code pooling=pooler} refused for a family
     * without BERT's pooler.
     */
    private static HeadSettings familyPooling(ModelDirectory directory, HeadSettings head) {
        Architecture architecture = directory.config().architecture();
        HeadSettings resolved = head.withDefaultPooling(
                architecture.ownPooling(directory.config().raw()));
        if (resolved.pooling() == Pooling.POOLER && !architecture.hasPooler()) {
            throw new ConfigurationException(
                    "pooling",
                    "pooler",
                    "the model " + directory.location() + " is a "
                            + architecture.modelTypes().get(0)
                            + " checkpoint, which has no pooler (only BERT and RoBERTa have one)",
                    "use cls (the first token's state, what " + architecture.sequenceClassification()
                            + " uses) or mean, or leave pooling out");
        }
        return resolved;
    }

    /** A model written by freeze-and-train: its head and labels come from its config.json. */
    public static ClassifierModel loadFineTuned(Path path, String parameter) {
        return loadFineTuned(path, parameter, KernelKind.FP32);
    }

    public static ClassifierModel loadFineTuned(Path path, String parameter, KernelKind kernel) {
        ModelDirectory directory = ModelDirectory.open(path, path.toString());
        HeadSettings head = HeadLayout.readHead(directory);
        List<String> labels = HeadLayout.readLabels(directory);
        ModelTask task = HeadLayout.readTask(directory);
        if (head == null || labels.size() < (task.isRegression() ? 1 : 2)) {
            throw new ConfigurationException(
                    parameter,
                    path,
                    "the model's config.json has no classifier record"
                            + " (it was not written by finetune:freeze-and-train)",
                    "run mvn finetune:freeze-and-train first");
        }
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            boolean withPooler = directory.config().architecture().hasPooler()
                    && checkpoint.find(poolerWeight(directory)).isPresent();
            SequenceClassifier network = build(directory.config(), head, labels.size(), withPooler, kernel);
            return fill(directory, head, labels, task, network, checkpoint, null, null);
        }
    }

    /** The encoder's prefix in parameter names, with its dot: {@code bert.}, {@code roberta.}. */
    private static String prefix(ModelDirectory directory) {
        return directory.config().architecture().prefix() + ".";
    }

    private static String poolerWeight(ModelDirectory directory) {
        return prefix(directory) + "pooler.dense.weight";
    }

    private static SequenceClassifier build(
            EncoderConfig config, HeadSettings head, int numLabels, boolean withPooler, KernelKind kernel) {
        return new SequenceClassifier(
                config.architecture().encoder(config, withPooler, kernel),
                config.architecture().head(config, head, numLabels),
                head.pooling());
    }

    /** Loads every parameter from the checkpoint; {@code init} (null when loading a saved model) fills the rest. */
    private static ClassifierModel fill(
            ModelDirectory directory,
            HeadSettings head,
            List<String> labels,
            ModelTask task,
            SequenceClassifier network,
            Checkpoint checkpoint,
            WeightInit init,
            BuildLog log) {
        NDManager manager = NDManager.newBaseManager(ComputeDevice.current().device());
        try {
            Map<String, Shape> shapes = network.parameterShapes();
            List<String> missing = new ArrayList<>();
            List<String> initialised = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (Map.Entry<String, Parameter> entry : network.namedParameters().entrySet()) {
                String name = entry.getKey();
                Shape shape = shapes.get(name);
                boolean fresh = init != null
                        && network.classifier().namedParameters().containsKey(name)
                        && !(directory.config().architecture().pretrainedHead(name)
                                && checkpoint.find(name).isPresent());
                String stored = fresh ? null : checkpoint.find(name).orElse(null);
                ByteBuffer values;
                if (stored != null) {
                    checkShape(directory, name, stored, checkpoint.info(stored), shape);
                    values = checkpoint.floats(stored);
                    used.add(stored);
                } else if (init != null && (fresh || name.startsWith(prefix(directory) + "pooler."))) {
                    values = initialValues(init, name, shapes, directory.config(), head, network.classifier());
                    initialised.add(name);
                } else {
                    missing.add(name);
                    continue;
                }
                NDArray array = manager.create(values, shape, DataType.FLOAT32);
                entry.getValue().setArray(array);
                // DJL hands a named array with a dot to TorchScript as a dict entry; these are plain tensors.
                array.setName(name.replace('.', '_'));
            }
            if (!missing.isEmpty()) {
                throw new ConfigurationException(
                        "model",
                        directory.location(),
                        "its weights lack " + missing.size() + " tensor(s) that its config.json implies, e.g. "
                                + preview(missing),
                        "use the config.json and model.safetensors of the same checkpoint");
            }
            if (log != null) {
                List<String> ignored = checkpoint.names().stream()
                        .filter(n -> !used.contains(n))
                        .toList();
                if (!ignored.isEmpty()) {
                    log.debug("Ignored " + ignored.size() + " checkpoint tensor(s) the classifier does not use: "
                            + preview(ignored));
                }
            }
            return new ClassifierModel(manager, network, directory, head, labels, task, initialised);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void checkShape(
            ModelDirectory directory, String name, String stored, TensorInfo info, Shape expected) {
        if (!Arrays.equals(info.shape(), expected.getShape())) {
            throw new ConfigurationException(
                    "model",
                    directory.location(),
                    "tensor " + stored + " has shape "
                            + info.shapeText() + " but config.json implies " + Arrays.toString(expected.getShape())
                            + " for "
                            + name,
                    "use the config.json and model.safetensors of the same checkpoint");
        }
    }

    private static ByteBuffer initialValues(
            WeightInit init,
            String name,
            Map<String, Shape> shapes,
            EncoderConfig config,
            HeadSettings head,
            ClassifierHead classifier) {
        Shape shape = shapes.get(name);
        long count = shape.size();
        boolean bias = name.endsWith("bias");
        boolean norm = classifier.steps().stream()
                .anyMatch(s -> s instanceof ClassifierHead.Norm n && name.startsWith(n.name() + "."));
        if (norm) {
            return bias ? WeightInit.zeros(count) : WeightInit.ones(count);
        }
        if (name.startsWith(config.architecture().prefix() + ".pooler.")
                || head.hiddenSizes().isEmpty()) {
            // transformers' _init_weights for the pooler and the *ForSequenceClassification heads' Linears.
            return bias ? WeightInit.zeros(count) : init.normal(count, config.initializerRange());
        }
        // A hidden-layer head gets PyTorch's default Linear init, as a notebook's nn.Sequential does; a bias
        // takes its fan-in from its weight.
        String weightName = bias ? name.substring(0, name.length() - "bias".length()) + "weight" : name;
        return init.linearDefault(count, Math.toIntExact(shapes.get(weightName).get(1)));
    }

    private static String preview(List<String> names) {
        List<String> head = names.subList(0, Math.min(5, names.size()));
        return String.join(", ", head)
                + (names.size() > head.size() ? " (and " + (names.size() - head.size()) + " more)" : "");
    }

    public SequenceClassifier network() {
        return network;
    }

    public EncoderConfig config() {
        return source.config();
    }

    public ModelDirectory source() {
        return source;
    }

    public HeadSettings head() {
        return head;
    }

    public List<String> labels() {
        return labels;
    }

    /** What the outputs mean: the problem type and the multi-label threshold. */
    public ModelTask task() {
        return task;
    }

    /** Names of the parameters that did not come from the checkpoint (the head, perhaps a pooler). */
    public List<String> initialised() {
        return initialised;
    }

    public NDManager manager() {
        return manager;
    }

    /** A parameter store over this model's own arrays (no copies: parameters and inputs share the CPU). */
    public ParameterStore parameterStore() {
        return new ParameterStore(manager, false);
    }

    /** The parameters that training updates. */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> trainable = new java.util.LinkedHashMap<>();
        network.namedParameters().forEach((name, p) -> {
            if (p.requiresGradient()) {
                trainable.put(name, p);
            }
        });
        return trainable;
    }

    /** The current value of every parameter, for saving. */
    public Map<String, NDArray> weights() {
        Map<String, NDArray> weights = new java.util.LinkedHashMap<>();
        network.namedParameters().forEach((name, p) -> weights.put(name, p.getArray()));
        return weights;
    }

    @Override
    public void close() {
        manager.close();
    }
}
