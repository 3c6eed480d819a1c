package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A copy of the trainable weights at the best epoch so far, restored when training ends. */
final class WeightSnapshot implements AutoCloseable {

    private final Map<String, Parameter> parameters;
    private final NDManager memory;
    private final Map<String, NDArray> copies = new LinkedHashMap<>();

    WeightSnapshot(Map<String, Parameter> parameters, NDManager parent) {
        this.parameters = parameters;
        this.memory = parent.newSubManager();
    }

    void take() {
        copies.values().forEach(NDArray::close);
        copies.clear();
        parameters.forEach((name, p) -> {
            NDArray copy = p.getArray().duplicate();
            copy.attach(memory);
            copies.put(name, copy);
        });
    }

    boolean isTaken() {
        return !copies.isEmpty();
    }

    Map<String, NDArray> copies() {
        return copies;
    }

    /** Takes the snapshot from saved values (a checkpoint) rather than from the live weights. */
    void takeFrom(Map<String, java.nio.ByteBuffer> values) {
        copies.values().forEach(NDArray::close);
        copies.clear();
        parameters.forEach((name, p) -> {
            NDArray copy = memory.create(
                    values.get(name), p.getArray().getShape(), p.getArray().getDataType());
            copies.put(name, copy);
        });
    }

    void restore() {
        // A copy, not a direct view: DJL's set() keeps a direct buffer as the weight's storage, and this
        // snapshot's memory is freed when training ends (a view left the saved model reading freed memory).
        parameters.forEach((name, p) -> p.getArray().set(copies.get(name).toByteBuffer(false)));
    }

    @Override
    public void close() {
        memory.close();
    }
}
