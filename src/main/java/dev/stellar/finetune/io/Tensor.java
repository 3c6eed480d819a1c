package dev.stellar.finetune.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A named tensor to write: its little-endian bytes and shape.
 *
 * @param data exactly {@code elementCount * dtype.bytes()} bytes, from position to limit
 */
public record Tensor(String name, DType dtype, long[] shape, ByteBuffer data) {

    public static Tensor ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new Tensor(name, DType.F32, shape, buffer);
    }

    public static Tensor ofInts(String name, long[] shape, int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return new Tensor(name, DType.I32, shape, buffer);
    }

    public static Tensor ofLongs(String name, long[] shape, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new Tensor(name, DType.I64, shape, buffer);
    }

    public static Tensor ofBytes(String name, long[] shape, byte[] values) {
        return new Tensor(name, DType.I8, shape, ByteBuffer.wrap(values));
    }
}
