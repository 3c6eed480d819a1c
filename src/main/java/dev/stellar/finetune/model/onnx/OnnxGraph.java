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
        return graph.getNodeList().stream()
                .filter(n -> n.getOpType().equals(opType))
                .toList();
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
            tensor = node.getAttributeList().stream()
                    .filter(a -> a.getName().equals("value"))
                    .map(AttributeProto::getT)
                    .findFirst()
                    .orElse(null);
            if (tensor == null) {
                return Optional.empty();
            }
        }
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE || elementCount(tensor) != 1) {
            return Optional.empty();
        }
        return Optional.of(floats(tensor)[0]);
    }

    /** A tensor whose declared dims do not fit its data; the importer names the file. */
    static final class MalformedTensorException extends RuntimeException {
        MalformedTensorException(String message) {
            super(message);
        }
    }

    /** The product of the dims, refused when a dim is negative or the product overflows. */
    static long elementCount(TensorProto tensor) {
        long n = 1;
        for (long d : tensor.getDimsList()) {
            if (d < 0) {
                throw new MalformedTensorException("the tensor " + tensor.getName() + " declares a negative dimension "
                        + d + " in its shape " + tensor.getDimsList());
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new MalformedTensorException("the tensor " + tensor.getName() + " declares the shape "
                        + tensor.getDimsList() + ", more elements than a long can count");
            }
        }
        return n;
    }

    /**
     * A FLOAT tensor's values, from raw_data (little-endian) or float_data. The declared shape is checked
     * against the data actually present before anything is allocated, so a small file cannot claim a
     * gigabyte tensor.
     */
    static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new MalformedTensorException("the tensor " + tensor.getName() + " is not FLOAT");
        }
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new MalformedTensorException("the tensor " + tensor.getName() + " keeps its data in an external"
                    + " file, which this importer does not read");
        }
        long count = elementCount(tensor);
        boolean raw = !tensor.getRawData().isEmpty();
        long present = raw ? tensor.getRawData().size() : tensor.getFloatDataCount();
        // count is bounded first, so count * 4 cannot overflow
        if (count > Integer.MAX_VALUE / Float.BYTES || present != (raw ? count * Float.BYTES : count)) {
            throw new MalformedTensorException("the tensor " + tensor.getName() + " declares the shape "
                    + tensor.getDimsList() + " (" + count + " floats) but holds " + present
                    + (raw ? " bytes of raw_data" : " float_data values") + " (truncated or not a real export)");
        }
        float[] values = new float[(int) count];
        if (raw) {
            ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }
}
