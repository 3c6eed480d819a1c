package dev.stellar.finetune.model.onnx;

import dev.stellar.finetune.model.onnx.proto.AttributeProto;
import dev.stellar.finetune.model.onnx.proto.GraphProto;
import dev.stellar.finetune.model.onnx.proto.NodeProto;
import dev.stellar.finetune.model.onnx.proto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ONNX graph with the lookups an importer needs: initializers, producers and consumers of values. */
final class OnnxGraph {

    private final GraphProto graph;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();

    OnnxGraph(GraphProto graph) {
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
    }

    Map<String, TensorProto> initializers() {
        return initializers;
    }

    List<NodeProto> nodes() {
        return graph.getNodeList();
    }

    List<NodeProto> nodes(String opType) {
        return graph.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).toList();
    }

    List<NodeProto> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    Optional<NodeProto> producer(String value) {
        return Optional.ofNullable(producers.get(value));
    }

    /** A scalar float held by an initializer or a Constant node, if {@code value} is one. */
    Optional<Float> scalar(String value) {
        TensorProto tensor = initializers.get(value);
        if (tensor == null) {
            NodeProto node = producers.get(value);
            if (node == null || !node.getOpType().equals("Constant")) {
                return Optional.empty();
            }
            tensor = node.getAttributeList().stream().filter(a -> a.getName().equals("value"))
                    .map(AttributeProto::getT).findFirst().orElse(null);
            if (tensor == null) {
                return Optional.empty();
            }
        }
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE || elementCount(tensor) != 1) {
            return Optional.empty();
        }
        return Optional.of(floats(tensor)[0]);
    }

    static long elementCount(TensorProto tensor) {
        long n = 1;
        for (long d : tensor.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** A FLOAT tensor's values, from raw_data (little-endian) or float_data. */
    static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is not FLOAT");
        }
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " keeps its data in an external file");
        }
        int count = Math.toIntExact(elementCount(tensor));
        float[] values = new float[count];
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }
}
