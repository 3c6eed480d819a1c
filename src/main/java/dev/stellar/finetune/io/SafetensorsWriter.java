package dev.stellar.finetune.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors format (8-byte little-endian header length, JSON header padded with spaces to
 * a multiple of 8, then the tensors' bytes in order), through a temporary file.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {}

    public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            // Sorted: the same tensors must give the same bytes, whatever map the caller used.
            new java.util.TreeMap<>(metadata).forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Tensor tensor : tensors) {
            long length = tensor.data().remaining();
            long expected = elementCount(tensor.shape()) * tensor.dtype().bytes();
            if (length != expected) {
                throw new IllegalArgumentException(
                        "tensor " + tensor.name() + " has " + length + " bytes, shape needs " + expected);
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", tensor.dtype().name());
            JsonArray shape = new JsonArray();
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + length);
            entry.add("data_offsets", offsets);
            header.add(tensor.name(), entry);
            offset += length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        AtomicFiles.write(file, out -> writeAll(out, head.flip(), tensors));
    }

    private static void writeAll(OutputStream out, ByteBuffer head, List<Tensor> tensors) throws IOException {
        WritableByteChannel channel = Channels.newChannel(out);
        drain(channel, head);
        for (Tensor tensor : tensors) {
            drain(channel, tensor.data().duplicate());
        }
    }

    private static void drain(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
