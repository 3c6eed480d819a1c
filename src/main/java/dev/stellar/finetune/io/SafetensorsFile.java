package dev.stellar.finetune.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file by memory-mapping one tensor at a time, after checking the whole header
 * against the file: every tensor's byte range must lie inside the file, match its dtype and shape, and
 * not overlap another. BF16 and F16 are widened to F32 in Java (the engine aborts on BF16 arrays).
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FinetuneException("Cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw broken(path, "it has " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw broken(path, "its header claims " + headerLength + " bytes but the file has " + size
                        + " bytes (truncated or not a safetensors file)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            String headerText = new String(headerBytes.array(), StandardCharsets.UTF_8);
            long dataLength = size - 8 - headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(path, headerText, dataLength, metadata);
            return new SafetensorsFile(path, channel, 8 + headerLength, tensors, metadata);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new FinetuneException("Cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String headerText, long dataLength,
            Map<String, String> metadata) {
        JsonObject header;
        try {
            header = JsonParser.parseString(headerText).getAsJsonObject();
        } catch (RuntimeException e) {
            throw broken(path, "its header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                for (Map.Entry<String, JsonElement> m : entry.getValue().getAsJsonObject().entrySet()) {
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            tensors.put(name, parseEntry(path, name, entry.getValue(), dataLength));
        }
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < byOffset.size(); i++) {
            TensorInfo previous = byOffset.get(i - 1);
            TensorInfo current = byOffset.get(i);
            if (current.begin() < previous.end()) {
                throw broken(path, "tensors '" + previous.name() + "' and '" + current.name()
                        + "' overlap (bytes " + previous.begin() + "-" + previous.end() + " and " + current.begin()
                        + "-" + current.end() + ")");
            }
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static TensorInfo parseEntry(Path path, String name, JsonElement element, long dataLength) {
        try {
            JsonObject info = element.getAsJsonObject();
            String dtypeName = info.get("dtype").getAsString();
            DType dtype = DType.fromHeader(dtypeName);
            if (dtype == null) {
                throw new FinetuneException("Tensor '" + name + "' in " + path + " has dtype " + dtypeName
                        + ", which this plugin cannot read. Fix: save the model in F32, F16 or BF16.");
            }
            JsonArray shapeJson = info.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw broken(path, "tensor '" + name + "' has a negative dimension");
                }
            }
            JsonArray offsets = info.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            TensorInfo tensor = new TensorInfo(name, dtype, shape, begin, end);
            if (begin < 0 || end < begin || end > dataLength) {
                throw broken(path, "tensor '" + name + "' spans bytes " + begin + "-" + end + " but the file holds "
                        + dataLength + " bytes of data (truncated?)");
            }
            long expected = Math.multiplyExact(tensor.elementCount(), (long) dtype.bytes());
            if (end - begin != expected) {
                throw broken(path, "tensor '" + name + "' has " + (end - begin) + " bytes but its dtype " + dtype
                        + " and shape " + tensor.shapeText() + " need " + expected);
            }
            return tensor;
        } catch (FinetuneException e) {
            throw e;
        } catch (RuntimeException e) {
            throw broken(path, "the header entry of tensor '" + name + "' is malformed (" + e.getMessage() + ")");
        }
    }

    private static SafetensorsFormatException broken(Path path, String problem) {
        return new SafetensorsFormatException("File " + path + " is not a valid safetensors file: " + problem + ".");
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new FinetuneException("File " + path + " has no tensor '" + name + "'.");
        }
        return info;
    }

    /** The tensor's raw little-endian bytes, memory-mapped read-only. */
    public ByteBuffer bytes(String name) {
        TensorInfo info = info(name);
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.end() - info.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new FinetuneException("Cannot read tensor '" + name + "' of " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensor's values as F32 in a fresh, writable, native-order direct buffer (ready to hand to the
     * engine without another copy). Floating types are converted; integer types are refused.
     */
    public ByteBuffer floatsDirect(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloating()) {
            throw new FinetuneException("Tensor '" + name + "' of " + path + " holds " + info.dtype()
                    + " values where floating-point weights were expected.");
        }
        int count = Math.toIntExact(info.elementCount());
        ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
        ByteBuffer in = bytes(name);
        switch (info.dtype()) {
            case F32 -> {
                if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                    out.put(in);
                } else {
                    out.asFloatBuffer().put(in.asFloatBuffer());
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(i * 4, Float.intBitsToFloat((in.getShort(i * 2) & 0xffff) << 16));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(i * 4, HalfFloat.toFloat(in.getShort(i * 2)));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(i * 4, (float) in.getDouble(i * 8));
                }
            }
            default -> throw new IllegalStateException(info.dtype().name());
        }
        return out.clear();
    }

    public float[] floats(String name) {
        ByteBuffer direct = floatsDirect(name);
        float[] values = new float[direct.capacity() / 4];
        direct.asFloatBuffer().get(values);
        return values;
    }

    /** Integer tensors (I8 to I64) widened to long. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        int count = Math.toIntExact(info.elementCount());
        ByteBuffer in = bytes(name);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (info.dtype()) {
                case I64 -> in.getLong(i * 8);
                case I32 -> in.getInt(i * 4);
                case I16 -> in.getShort(i * 2);
                case I8, BOOL -> in.get(i);
                case U8 -> in.get(i) & 0xff;
                default -> throw new FinetuneException("Tensor '" + name + "' of " + path + " holds "
                        + info.dtype() + " values where integers were expected.");
            };
        }
        return values;
    }

    /** Integer tensors (I8 to I32) as int. */
    public int[] ints(String name) {
        long[] wide = longs(name);
        int[] values = new int[wide.length];
        for (int i = 0; i < wide.length; i++) {
            values[i] = Math.toIntExact(wide[i]);
        }
        return values;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
