package dev.stellar.finetune.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Initial values for weights a checkpoint does not have, drawn in Java from a seeded generator so they
 * depend only on the seed, not on the engine.
 */
final class WeightInit {

    private final Random random;

    WeightInit(long seed) {
        random = new Random(seed);
    }

    /** Hugging Face's BERT init for Linear weights: normal(0, std). */
    ByteBuffer normal(long count, double std) {
        ByteBuffer buffer = allocate(count);
        for (int i = 0; i < count; i++) {
            buffer.putFloat(i * 4, (float) (random.nextGaussian() * std));
        }
        return buffer;
    }

    /** PyTorch's default nn.Linear init, for weight and bias alike: uniform(-1/sqrt(in), 1/sqrt(in)). */
    ByteBuffer linearDefault(long count, int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        ByteBuffer buffer = allocate(count);
        for (int i = 0; i < count; i++) {
            buffer.putFloat(i * 4, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
        return buffer;
    }

    static ByteBuffer zeros(long count) {
        return allocate(count);
    }

    static ByteBuffer ones(long count) {
        ByteBuffer buffer = allocate(count);
        for (int i = 0; i < count; i++) {
            buffer.putFloat(i * 4, 1f);
        }
        return buffer;
    }

    private static ByteBuffer allocate(long count) {
        return ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.nativeOrder());
    }
}
