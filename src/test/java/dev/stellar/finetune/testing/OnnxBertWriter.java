package dev.stellar.finetune.testing;

import com.google.protobuf.ByteString;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.TensorInfo;
import dev.stellar.finetune.model.onnx.proto.AttributeProto;
import dev.stellar.finetune.model.onnx.proto.GraphProto;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import dev.stellar.finetune.model.onnx.proto.NodeProto;
import dev.stellar.finetune.model.onnx.proto.OperatorSetIdProto;
import dev.stellar.finetune.model.onnx.proto.TensorProto;
import dev.stellar.finetune.model.onnx.proto.TensorShapeProto;
import dev.stellar.finetune.model.onnx.proto.TypeProto;
import dev.stellar.finetune.model.onnx.proto.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny_bert");
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
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
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
        graph.addInput(input("input_ids")).addInput(input("attention_mask")).addInput(input("token_type_ids"));
        int positions = (int) weights.info("embeddings.position_embeddings.weight").shape()[0];
        long[] positionIds = new long[positions];
        for (int i = 0; i < positions; i++) {
            positionIds[i] = i;
        }
        graph.addInitializer(longs("embeddings.position_ids", new long[] {1, positions}, positionIds));
        for (String name : weights.tensors().keySet()) {
            if (name.startsWith("embeddings.") || name.endsWith(".bias") || name.contains("LayerNorm")) {
                if (!name.startsWith("pooler.")) {
                    graph.addInitializer(floats(name, weights.info(name).shape(), weights.floats(name)));
                }
            }
        }
        String maskBias = node("Mul", node("Sub", constant(1f), node("Cast", node("Unsqueeze", node("Unsqueeze",
                "attention_mask", ints("axes", 1)), ints("axes", 2)), integer("to", 1))), constant(-Float.MAX_VALUE));
        String length = node("Unsqueeze", node("Gather", node("Shape", "input_ids"), constantLong(1),
                integer("axis", 0)), ints("axes", 0));
        String positionSlice = node("Slice", "embeddings.position_ids", constantLongs(0), length, constantLongs(1),
                constantLongs(1));
        String x = node("Add", node("Add", node("Gather", "embeddings.word_embeddings.weight", "input_ids"),
                node("Gather", "embeddings.token_type_embeddings.weight", "token_type_ids")),
                node("Gather", "embeddings.position_embeddings.weight", positionSlice));
        x = layerNorm(x, "embeddings.LayerNorm");
        for (int l = 0; l < layers; l++) {
            x = layer(x, maskBias, "encoder.layer." + l + ".");
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(x).addOutput("last_hidden_state"));
        graph.addOutput(ValueInfoProto.newBuilder().setName("last_hidden_state"));
        return ModelProto.newBuilder().setIrVersion(6).setProducerName("pytorch")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(11)).setGraph(graph).build();
    }

    private String layer(String x, String maskBias, String p) {
        int headSize = hidden / heads;
        String split = constantLongs(0, 0, heads, headSize);
        String q = node("Transpose", node("Reshape", linear(x, p + "attention.self.query"), split), ints("perm", 0, 2, 1, 3));
        String kT = node("Transpose", node("Reshape", linear(x, p + "attention.self.key"), split), ints("perm", 0, 2, 3, 1));
        String v = node("Transpose", node("Reshape", linear(x, p + "attention.self.value"), split), ints("perm", 0, 2, 1, 3));
        String scores = node("Add", node("Div", node("MatMul", q, kT), constant((float) Math.sqrt(headSize))), maskBias);
        String context = node("Reshape", node("Transpose", node("MatMul", node("Softmax", scores, integer("axis", 3)), v),
                ints("perm", 0, 2, 1, 3)), constantLongs(0, 0, hidden));
        String attended = layerNorm(node("Add", linear(context, p + "attention.output.dense"), x),
                p + "attention.output.LayerNorm");
        String inner = linear(attended, p + "intermediate.dense");
        String gelu = node("Mul", node("Mul", inner, node("Add", node("Erf", node("Div", inner,
                constant((float) Math.sqrt(2)))), constant(1f))), constant(0.5f));
        return layerNorm(node("Add", linear(gelu, p + "output.dense"), attended), p + "output.LayerNorm");
    }

    /** MatMul with an anonymous transposed weight, then Add(bias, product) as the exporter writes it. */
    private String linear(String x, String prefix) {
        TensorInfo info = weights.info(prefix + ".weight");
        int out = (int) info.shape()[0];
        int in = (int) info.shape()[1];
        float[] w = weights.floats(prefix + ".weight");
        float[] transposed = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = w[o * in + i];
            }
        }
        String name = "onnx::MatMul_" + (700 + counter++);
        graph.addInitializer(floats(name, new long[] {in, out}, transposed));
        return node("Add", prefix + ".bias", node("MatMul", x, name));
    }

    private String layerNorm(String x, String prefix) {
        String centred = node("Sub", x, node("ReduceMean", x, ints("axes", -1)));
        String variance = node("ReduceMean", node("Pow", centred, constant(2f)), ints("axes", -1));
        String normalised = node("Div", centred, node("Sqrt", node("Add", variance, constant(1e-12f))));
        return node("Add", node("Mul", normalised, prefix + ".weight"), prefix + ".bias");
    }

    private String node(String op, Object... inputsAndAttributes) {
        String output = "/" + op + "_" + counter++ + "_output_0";
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName("/" + op + "_" + counter).addOutput(output);
        for (Object item : inputsAndAttributes) {
            if (item instanceof AttributeProto attribute) {
                node.addAttribute(attribute);
            } else {
                node.addInput((String) item);
            }
        }
        graph.addNode(node);
        return output;
    }

    private String constant(float value) {
        return constantTensor(floats("", new long[0], new float[] {value}));
    }

    private String constantLong(long value) {
        return constantTensor(longs("", new long[0], new long[] {value}));
    }

    private String constantLongs(long... values) {
        return constantTensor(longs("", new long[] {values.length}, values));
    }

    private String constantTensor(TensorProto value) {
        return node("Constant", AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(value).build());
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static ValueInfoProto input(String name) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("sequence_length")).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE).setShape(shape))).build();
    }

    private static TensorProto floats(String name, long[] shape, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, shape, TensorProto.DataType.FLOAT_VALUE, raw);
    }

    private static TensorProto longs(String name, long[] shape, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, shape, TensorProto.DataType.INT64_VALUE, raw);
    }

    private static TensorProto tensor(String name, long[] shape, int type, ByteBuffer raw) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : shape) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** For use from scripts: the tiny model's ONNX jar. */
    public static Path writeTinyJar(Path jar) throws IOException {
        return writeJar(TestModels.tinyBert(), 2, 2, jar, "tiny-bert");
    }

}
