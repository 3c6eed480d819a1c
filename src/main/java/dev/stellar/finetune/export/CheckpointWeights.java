package dev.stellar.finetune.export;

import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.onnx.OnnxWeights;
import java.nio.ByteBuffer;

/** A saved model's safetensors weights, as the tensors an exported graph is built from. */
final class CheckpointWeights implements OnnxWeights {

    private final Checkpoint checkpoint;

    CheckpointWeights(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public float[] values(String name) {
        ByteBuffer direct = checkpoint.floats(stored(name));
        float[] values = new float[direct.capacity() / 4];
        direct.asFloatBuffer().get(values);
        return values;
    }

    @Override
    public long[] shape(String name) {
        return checkpoint.info(stored(name)).shape();
    }

    @Override
    public boolean has(String name) {
        return checkpoint.find(name).isPresent();
    }

    private String stored(String name) {
        return checkpoint.find(name).orElseThrow(() -> new IllegalStateException("the checkpoint has no " + name));
    }
}
