package dev.stellar.finetune.model.onnx;

import com.google.gson.JsonObject;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.onnx.proto.AttributeProto;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import dev.stellar.finetune.model.onnx.proto.NodeProto;
import dev.stellar.finetune.model.onnx.proto.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PyTorch ONNX export of a BERT encoder (as the langchain4j embedding artifacts ship it) into a
 * Hugging Face model directory.
 *
 * <p>In these exports embeddings, biases and LayerNorm tensors keep their Hugging Face names, while each
 * Linear weight is an initializer like {@code onnx::MatMul_787}, stored transposed ([in, out]). Its MatMul
 * feeds exactly one Add whose other input is {@code <prefix>.bias}, which names it {@code <prefix>.weight}.
 * The configuration is read off the tensors (layers, sizes, vocabulary) and the graph: the number of heads
 * from the constant that scales the attention scores, exact GELU from Erf, LayerNorm's epsilon from the
 * constant added to the variance. These exports carry no pooler.
 */
public final class BertOnnxImport {

    private static final Pattern LAYER = Pattern.compile("^(?:bert\\.)?encoder\\.layer\\.(\\d+)\\.");
    private static final List<String> LAYER_TENSORS = List.of(
            "attention.self.query.weight",
            "attention.self.query.bias",
            "attention.self.key.weight",
            "attention.self.key.bias",
            "attention.self.value.weight",
            "attention.self.value.bias",
            "attention.output.dense.weight",
            "attention.output.dense.bias",
            "attention.output.LayerNorm.weight",
            "attention.output.LayerNorm.bias",
            "intermediate.dense.weight",
            "intermediate.dense.bias",
            "output.dense.weight",
            "output.dense.bias",
            "output.LayerNorm.weight",
            "output.LayerNorm.bias");

    private final OnnxGraph graph;
    private final String source;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    private BertOnnxImport(ModelProto model, String source) {
        this.graph = new OnnxGraph(model.getGraph());
        this.source = source;
    }

    /**
     * Writes config.json, model.safetensors and tokenizer.json into {@code directory}.
     *
     * @param source names the export in messages and in config.json
     * @return the inferred configuration
     */
    public static JsonObject convert(InputStream onnx, byte[] tokenizerJson, Path directory, String source)
            throws IOException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (IOException e) {
            throw new FinetuneException(
                    "The ONNX model in " + source + " cannot be parsed: " + e.getMessage()
                            + ". Fix: use an intact ONNX export of a BERT encoder.",
                    e);
        }
        BertOnnxImport importer = new BertOnnxImport(model, source);
        JsonObject config;
        try {
            importer.collectWeights();
            config = importer.inferConfig();
        } catch (OnnxGraph.MalformedTensorException e) {
            throw importer.broken(e.getMessage());
        }
        config.addProperty("finetune_imported_from", source);
        Files.writeString(directory.resolve(ModelDirectory.CONFIG), Json.pretty(config) + "\n");
        List<Tensor> tensors = new ArrayList<>();
        importer.values.forEach((name, v) -> tensors.add(Tensor.ofFloats(name, importer.shapes.get(name), v)));
        SafetensorsWriter.write(directory.resolve(ModelDirectory.WEIGHTS), Map.of("format", "pt"), tensors);
        Files.write(directory.resolve(ModelDirectory.TOKENIZER), tokenizerJson);
        return config;
    }

    private void collectWeights() {
        for (TensorProto tensor : graph.initializers().values()) {
            if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue; // e.g. embeddings.position_ids, an int64 buffer
            }
            String name = tensor.getName();
            long[] dims =
                    tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
            if (isHuggingFaceName(name)) {
                put(name, dims, OnnxGraph.floats(tensor));
                continue;
            }
            Optional<String> linear = linearName(name);
            if (linear.isPresent()) {
                if (dims.length != 2) {
                    throw broken("the MatMul weight " + name + " is not a matrix");
                }
                put(
                        linear.get(),
                        new long[] {dims[1], dims[0]},
                        transpose(OnnxGraph.floats(tensor), (int) dims[0], (int) dims[1]));
            }
        }
    }

    private static boolean isHuggingFaceName(String name) {
        String bare = name.startsWith("bert.") ? name.substring(5) : name;
        return bare.startsWith("embeddings.") || bare.startsWith("encoder.layer.") || bare.startsWith("pooler.");
    }

    /** The Hugging Face name of a Linear weight: the bias added right after its MatMul names it. */
    private Optional<String> linearName(String initializer) {
        List<NodeProto> matMuls = graph.consumers(initializer).stream()
                .filter(n -> n.getOpType().equals("MatMul"))
                .toList();
        if (matMuls.isEmpty()) {
            return Optional.empty();
        }
        if (matMuls.size() != 1) {
            throw broken("the weight " + initializer + " feeds " + matMuls.size() + " MatMul nodes");
        }
        NodeProto matMul = matMuls.get(0);
        List<NodeProto> adds = graph.consumers(matMul.getOutput(0));
        if (adds.size() != 1 || !adds.get(0).getOpType().equals("Add")) {
            throw broken("the MatMul " + matMul.getName() + " of " + initializer
                    + " does not feed exactly one Add with its bias");
        }
        return adds.get(0).getInputList().stream()
                .filter(input -> input.endsWith(".bias") && graph.initializers().containsKey(input))
                .map(bias -> bias.substring(0, bias.length() - "bias".length()) + "weight")
                .findFirst()
                .or(() -> {
                    throw broken("the Add after " + matMul.getName() + " adds no initializer named *.bias");
                });
    }

    private void put(String name, long[] shape, float[] data) {
        String bare = name.startsWith("bert.") ? name.substring(5) : name;
        values.put(bare, data);
        shapes.put(bare, shape);
    }

    private JsonObject inferConfig() {
        long[] words = matrix("embeddings.word_embeddings.weight");
        long[] positions = matrix("embeddings.position_embeddings.weight");
        long[] types = matrix("embeddings.token_type_embeddings.weight");
        int hidden = (int) words[1];
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : values.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty() || layers.last() != layers.size() - 1) {
            throw broken("its encoder layers are not numbered 0.." + (layers.size() - 1) + ": " + layers);
        }
        for (int layer : layers) {
            for (String tensor : LAYER_TENSORS) {
                require("encoder.layer." + layer + "." + tensor);
            }
        }
        int intermediate = (int) matrix("encoder.layer.0.intermediate.dense.weight")[0];
        int headSize = headSize();
        if (hidden % headSize != 0) {
            throw broken("its attention scale gives head size " + headSize + ", which does not divide hidden size "
                    + hidden);
        }
        if (graph.nodes("Erf").isEmpty()) {
            throw broken("it has no Erf node, so its GELU is not the exact one BERT uses (tanh-approximated GELU is"
                    + " not supported)");
        }
        JsonObject config = new JsonObject();
        config.addProperty("model_type", "bert");
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add("BertModel");
        config.add("architectures", architectures);
        config.addProperty("vocab_size", words[0]);
        config.addProperty("hidden_size", hidden);
        config.addProperty("num_hidden_layers", layers.size());
        config.addProperty("num_attention_heads", hidden / headSize);
        config.addProperty("intermediate_size", intermediate);
        config.addProperty("hidden_act", "gelu");
        config.addProperty("hidden_dropout_prob", 0.1);
        config.addProperty("attention_probs_dropout_prob", 0.1);
        config.addProperty("max_position_embeddings", positions[0]);
        config.addProperty("type_vocab_size", types[0]);
        config.addProperty("initializer_range", 0.02);
        config.addProperty("layer_norm_eps", layerNormEpsilon());
        config.addProperty("pad_token_id", 0);
        config.addProperty("position_embedding_type", "absolute");
        return config;
    }

    private long[] require(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw broken("it has no tensor " + name);
        }
        return shape;
    }

    private long[] matrix(String name) {
        long[] shape = require(name);
        if (shape.length != 2) {
            throw broken("the tensor " + name + " has shape " + Arrays.toString(shape) + " where a matrix"
                    + " was expected");
        }
        return shape;
    }

    /** 1/sqrt(head size) is what the attention scores are multiplied by on their way to Softmax. */
    private int headSize() {
        for (NodeProto softmax : graph.nodes("Softmax")) {
            Optional<Double> factor = scaleOf(softmax.getInput(0), 0);
            if (factor.isPresent() && factor.get() > 0 && factor.get() < 1) {
                double size = 1 / (factor.get() * factor.get());
                long rounded = Math.round(size);
                if (Math.abs(size - rounded) < 1e-3 * size) {
                    return (int) rounded;
                }
            }
        }
        throw broken("no attention-score scale (a Div or Mul by a constant before Softmax) was found, so the number"
                + " of heads is unknown");
    }

    /** The product of the constant factors between the Q.K^T MatMul and {@code value}, if it is that path. */
    private Optional<Double> scaleOf(String value, int depth) {
        if (depth > 12) {
            return Optional.empty();
        }
        NodeProto node = graph.producer(value).orElse(null);
        if (node == null) {
            return Optional.empty();
        }
        switch (node.getOpType()) {
            case "MatMul" -> {
                boolean scores = node.getInputList().stream().noneMatch(graph.initializers()::containsKey);
                return scores
                        ? Optional.of(inputScale(node.getInput(0), 0) * inputScale(node.getInput(1), 0))
                        : Optional.empty();
            }
            case "Div" -> {
                Optional<Float> divisor = graph.scalar(node.getInput(1));
                return divisor.flatMap(d -> scaleOf(node.getInput(0), depth + 1).map(f -> f / d));
            }
            case "Mul" -> {
                for (int i = 0; i < 2; i++) {
                    Optional<Float> c = graph.scalar(node.getInput(i));
                    if (c.isPresent()) {
                        return scaleOf(node.getInput(1 - i), depth + 1).map(f -> f * c.get());
                    }
                }
                return Optional.empty();
            }
            case "Add", "Where" -> {
                for (String input : node.getInputList()) {
                    Optional<Double> found = scaleOf(input, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Exports that scale Q (or K) before the scores MatMul do it through Mul/Div on the reshaped input. */
    private double inputScale(String value, int depth) {
        NodeProto node = graph.producer(value).orElse(null);
        if (node == null || depth > 6) {
            return 1;
        }
        return switch (node.getOpType()) {
            case "Transpose", "Reshape" -> inputScale(node.getInput(0), depth + 1);
            case "Div" ->
                graph.scalar(node.getInput(1))
                        .map(d -> inputScale(node.getInput(0), depth + 1) / d)
                        .orElse(1.0);
            case "Mul" ->
                graph.scalar(node.getInput(1))
                        .map(c -> inputScale(node.getInput(0), depth + 1) * c)
                        .orElse(1.0);
            default -> 1;
        };
    }

    /** LayerNormalization's epsilon attribute, or the constant the decomposed form adds before Sqrt. */
    private double layerNormEpsilon() {
        for (NodeProto node : graph.nodes("LayerNormalization")) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.getName().equals("epsilon")) {
                    return attribute.getF();
                }
            }
        }
        for (NodeProto sqrt : graph.nodes("Sqrt")) {
            NodeProto add = graph.producer(sqrt.getInput(0)).orElse(null);
            if (add != null && add.getOpType().equals("Add")) {
                for (String input : add.getInputList()) {
                    Optional<Float> eps = graph.scalar(input);
                    if (eps.isPresent() && eps.get() > 0 && eps.get() < 1e-3) {
                        return Double.parseDouble(Float.toString(eps.get())); // 1e-12, not 9.99999996e-13
                    }
                }
            }
        }
        return 1e-12;
    }

    private static float[] transpose(float[] data, int rows, int columns) {
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = data[r * columns + c];
            }
        }
        return out;
    }

    private FinetuneException broken(String problem) {
        return new FinetuneException("The ONNX model in " + source + " cannot be imported as a BERT encoder: "
                + problem + ". Fix: use a PyTorch ONNX export of a BERT-family encoder (as the"
                + " langchain4j-embeddings-* artifacts ship), or a model directory in Hugging Face layout.");
    }
}
