package dev.stellar.finetune.model.onnx;

/** The trained tensors an exported graph takes its initializers from, by Hugging Face name. */
public interface OnnxWeights {

    /** The tensor's values as float32, row-major. */
    float[] values(String name);

    long[] shape(String name);
}
