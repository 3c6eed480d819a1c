package dev.stellar.finetune.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off for inference and restores it after. libtorch keeps this flag per
 * thread, so inference never relies on which thread happened to start the engine.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
