package dev.stellar.finetune.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param begin offset of its first byte, relative to the end of the header
 * @param end offset one past its last byte
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
