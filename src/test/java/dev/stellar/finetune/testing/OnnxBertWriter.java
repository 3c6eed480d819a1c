package dev.stellar.finetune.testing;

import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.attribute;
import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.ints;

import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.TensorInfo;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Hugging Face BERT checkpoint as an ONNX graph shaped like PyTorch's export of BertModel (opset
 * 11: decomposed LayerNorm, Erf GELU, attention scores divided by sqrt(head size), every Linear weight an
 * anonymous transposed {@code onnx::MatMul_N} initializer whose MatMul feeds an Add with the named bias),
 * and packs it with tokenizer.json into a jar as the langchain4j embedding artifacts do. ONNX Runtime runs
 * the result, so tests can check both the writer and the importer against it.
 */
public final class OnnxBertWriter {

    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("tiny_bert");
    private final SafetensorsFile weights;
    private final int hidden;
    private final int heads;
    private int counter;

    private OnnxBertWriter(SafetensorsFile weights, int hidden, int heads) {
        this.weights = weights;
        this.hidden = hidden;
        this.heads = heads;
    }

    /** Writes {@code <name>.onnx} and {@code <name>-tokenizer.json} from {@code modelDirectory} into a jar. */
    public static Path writeJar(Path modelDirectory, int layers, int heads, Path jar, String name) throws IOException {
        byte[] onnx = onnx(modelDirectory, layers, heads);
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(name + ".onnx"));
            zip.write(onnx);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(name + "-tokenizer.json"));
            zip.write(Files.readAllBytes(modelDirectory.resolve("tokenizer.json")));
            zip.closeEntry();
        }
        return jar;
    }

    public static byte[] onnx(Path modelDirectory, int layers, int heads) throws IOException {
        try (SafetensorsFile weights = SafetensorsFile.open(modelDirectory.resolve("model.safetensors"))) {
            int hidden = (int) weights.info("embeddings.word_embeddings.weight").shape()[1];
            OnnxBertWriter writer = new OnnxBertWriter(weights, hidden, heads);
            return writer.build(layers).toByteArray();
        }
    }

    private ModelProto build(int layers) {
        graph.input("input_ids", OnnxGraphBuilder.INT64, "batch_size", "sequence_length");
        graph.input("attention_mask", OnnxGraphBuilder.INT64, "batch_size", "sequence_length");
        graph.input("token_type_ids", OnnxGraphBuilder.INT64, "batch_size", "sequence_length");
        int positions =
                (int) weights.info("embeddings.position_embeddings.weight").shape()[0];
        long[] positionIds = new long[positions];
        for (int i = 0; i < positions; i++) {
            positionIds[i] = i;
        }
        graph.longs("embeddings.position_ids", new long[] {1, positions}, positionIds);
        for (String name : weights.tensors().keySet()) {
            if (name.startsWith("embeddings.") || name.endsWith(".bias") || name.contains("LayerNorm")) {
                if (!name.startsWith("pooler.")) {
                    graph.floats(name, weights.info(name).shape(), weights.floats(name));
                }
            }
        }
        String maskBias = graph.node(
                "Mul",
                graph.node(
                        "Sub",
                        graph.scalar(1f),
                        graph.node(
                                "Cast",
                                graph.node(
                                        "Unsqueeze",
                                        graph.node("Unsqueeze", "attention_mask", ints("axes", 1L)),
                                        ints("axes", 2L)),
                                attribute("to", 1L))),
                graph.scalar(-Float.MAX_VALUE));
        String length = graph.node(
                "Unsqueeze",
                graph.node("Gather", graph.node("Shape", "input_ids"), graph.scalarLong(1), attribute("axis", 0L)),
                ints("axes", 0L));
        String positionSlice = graph.node(
                "Slice", "embeddings.position_ids", graph.vector(0), length, graph.vector(1), graph.vector(1));
        String x = graph.node(
                "Add",
                graph.node(
                        "Add",
                        graph.node("Gather", "embeddings.word_embeddings.weight", "input_ids"),
                        graph.node("Gather", "embeddings.token_type_embeddings.weight", "token_type_ids")),
                graph.node("Gather", "embeddings.position_embeddings.weight", positionSlice));
        x = layerNorm(x, "embeddings.LayerNorm");
        for (int l = 0; l < layers; l++) {
            x = layer(x, maskBias, "encoder.layer." + l + ".");
        }
        graph.output(x, "last_hidden_state", OnnxGraphBuilder.FLOAT, "batch_size", "sequence_length", hidden);
        return graph.model(6, 11, "pytorch", "", "", Map.of());
    }

    private String layer(String x, String maskBias, String p) {
        int headSize = hidden / heads;
        String split = graph.vector(0, 0, heads, headSize);
        String q = graph.node(
                "Transpose",
                graph.node("Reshape", linear(x, p + "attention.self.query"), split),
                ints("perm", 0, 2, 1, 3));
        String kT = graph.node(
                "Transpose",
                graph.node("Reshape", linear(x, p + "attention.self.key"), split),
                ints("perm", 0, 2, 3, 1));
        String v = graph.node(
                "Transpose",
                graph.node("Reshape", linear(x, p + "attention.self.value"), split),
                ints("perm", 0, 2, 1, 3));
        String scores = graph.node(
                "Add",
                graph.node("Div", graph.node("MatMul", q, kT), graph.scalar((float) Math.sqrt(headSize))),
                maskBias);
        String context = graph.node(
                "Reshape",
                graph.node(
                        "Transpose",
                        graph.node("MatMul", graph.node("Softmax", scores, attribute("axis", 3L)), v),
                        ints("perm", 0, 2, 1, 3)),
                graph.vector(0, 0, hidden));
        String attended = layerNorm(
                graph.node("Add", linear(context, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
        String inner = linear(attended, p + "intermediate.dense");
        String gelu = graph.node(
                "Mul",
                graph.node(
                        "Mul",
                        inner,
                        graph.node(
                                "Add",
                                graph.node("Erf", graph.node("Div", inner, graph.scalar((float) Math.sqrt(2)))),
                                graph.scalar(1f))),
                graph.scalar(0.5f));
        return layerNorm(graph.node("Add", linear(gelu, p + "output.dense"), attended), p + "output.LayerNorm");
    }

    /** MatMul with an anonymous transposed weight, then Add(bias, product) as the exporter writes it. */
    private String linear(String x, String prefix) {
        TensorInfo info = weights.info(prefix + ".weight");
        int out = (int) info.shape()[0];
        int in = (int) info.shape()[1];
        String name = graph.floats(
                "onnx::MatMul_" + (700 + counter++),
                new long[] {in, out},
                OnnxLinear.transposed(weights.floats(prefix + ".weight"), out, in));
        return graph.node("Add", prefix + ".bias", graph.node("MatMul", x, name));
    }

    private String layerNorm(String x, String prefix) {
        String centred = graph.node("Sub", x, graph.node("ReduceMean", x, ints("axes", -1L)));
        String variance = graph.node("ReduceMean", graph.node("Pow", centred, graph.scalar(2f)), ints("axes", -1L));
        String normalised =
                graph.node("Div", centred, graph.node("Sqrt", graph.node("Add", variance, graph.scalar(1e-12f))));
        return graph.node("Add", graph.node("Mul", normalised, prefix + ".weight"), prefix + ".bias");
    }

    /** For use from scripts: the tiny model's ONNX jar. */
    public static Path writeTinyJar(Path jar) throws IOException {
        return writeJar(TestModels.tinyBert(), 2, 2, jar, "tiny-bert");
    }
}
