package dev.stellar.finetune.model.onnx;

import com.google.protobuf.UnsafeByteOperations;
import dev.stellar.finetune.model.onnx.proto.AttributeProto;
import dev.stellar.finetune.model.onnx.proto.GraphProto;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import dev.stellar.finetune.model.onnx.proto.NodeProto;
import dev.stellar.finetune.model.onnx.proto.OperatorSetIdProto;
import dev.stellar.finetune.model.onnx.proto.StringStringEntryProto;
import dev.stellar.finetune.model.onnx.proto.TensorProto;
import dev.stellar.finetune.model.onnx.proto.TensorShapeProto;
import dev.stellar.finetune.model.onnx.proto.TypeProto;
import dev.stellar.finetune.model.onnx.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Builds an ONNX graph node by node: every method that adds a node returns the name of its output, so
 * a graph reads like the forward pass it computes. Node and value names carry a scope (the Hugging Face
 * module path, e.g. {@code /encoder.layer.0/attention}), as PyTorch's exporter names them.
 */
public final class OnnxGraphBuilder {

    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;
    public static final int INT8 = TensorProto.DataType.INT8_VALUE;

    private final GraphProto.Builder graph;
    private String scope = "";
    private int counter;

    public OnnxGraphBuilder(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    /** Names the nodes added from now on {@code /<scope>/<op>_<n>}. */
    public OnnxGraphBuilder scope(String value) {
        scope = value.isEmpty() ? "" : "/" + value;
        return this;
    }

    /** A graph input; a dimension is a symbol (e.g. "batch") or a number. */
    public String input(String name, int elementType, Object... dims) {
        graph.addInput(valueInfo(name, elementType, dims));
        return name;
    }

    /** Declares {@code value} a graph output under {@code name}. */
    public void output(String value, String name, int elementType, Object... dims) {
        if (!value.equals(name)) {
            graph.addNode(NodeProto.newBuilder()
                    .setOpType("Identity")
                    .setName(scope + "/Identity_" + counter++)
                    .addInput(value)
                    .addOutput(name));
        }
        graph.addOutput(valueInfo(name, elementType, dims));
    }

    /** A node with one output. Arguments are input names (a null or empty string skips an optional input) and attributes. */
    public String node(String op, Object... inputsAndAttributes) {
        return nodeWithOutputs(op, 1, inputsAndAttributes)[0];
    }

    public String[] nodeWithOutputs(String op, int outputs, Object... inputsAndAttributes) {
        String name = scope + "/" + op + "_" + counter++;
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name);
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = name + "_output_" + i;
            node.addOutput(names[i]);
        }
        for (Object item : inputsAndAttributes) {
            if (item instanceof AttributeProto attribute) {
                node.addAttribute(attribute);
            } else {
                node.addInput(item == null ? "" : (String) item);
            }
        }
        graph.addNode(node);
        return names;
    }

    /** An initializer of float32 values. */
    public String floats(String name, long[] shape, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(name, FLOAT, shape, raw.array());
    }

    public String longs(String name, long[] shape, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(name, INT64, shape, raw.array());
    }

    /** An initializer of raw little-endian bytes of {@code elementType}; the array is kept, not copied. */
    public String initializer(String name, int elementType, long[] shape, byte[] raw) {
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(name)
                .setDataType(elementType)
                .setRawData(UnsafeByteOperations.unsafeWrap(raw));
        for (long d : shape) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** A float32 scalar constant. */
    public String scalar(float value) {
        return floats(scope + "/Constant_" + counter++, new long[0], new float[] {value});
    }

    /** A one-dimensional int64 constant (axes, shapes, slice bounds). */
    public String vector(long... values) {
        return longs(scope + "/Constant_" + counter++, new long[] {values.length}, values);
    }

    /** An int64 scalar constant. */
    public String scalarLong(long value) {
        return longs(scope + "/Constant_" + counter++, new long[0], value);
    }

    /** The model: the graph, one opset of the default domain, and string metadata ONNX Runtime exposes. */
    public ModelProto model(
            long irVersion,
            long opset,
            String producer,
            String producerVersion,
            String doc,
            Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(irVersion)
                .setProducerName(producer)
                .setProducerVersion(producerVersion)
                .setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    public static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    public static AttributeProto attribute(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    /** An attribute holding a list of integers (perm, axes). */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    private static ValueInfoProto valueInfo(String name, int elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof Number n) {
                d.setDimValue(n.longValue());
            } else {
                d.setDimParam(dim.toString());
            }
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(elementType)
                                .setShape(shape)))
                .build();
    }
}
