package dev.stellar.finetune.model.onnx;

/** The trained tensors an exported graph takes its initializers from, by Hugging Face name. */
public interface OnnxWeights {

    /** The tensor's values as float32, row-major. */
    float[] values(String name);

    long[] shape(String name);

    /** Whether the weights hold the tensor (a Linear or LayerNorm without bias has no {@code .bias}). */
    boolean has(String name);
}
