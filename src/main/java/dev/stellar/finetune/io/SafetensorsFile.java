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
import java.util.function.Function;

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

    private SafetensorsFile(
            Path path,
            FileChannel channel,
            long dataStart,
            Map<String, TensorInfo> tensors,
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
                throw broken(
                        path,
                        "its header claims " + headerLength + " bytes but the file has " + size
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

    private static Map<String, TensorInfo> parseHeader(
            Path path, String headerText, long dataLength, Map<String, String> metadata) {
        Function<String, SafetensorsFormatException> failure = problem -> broken(path, problem);
        JsonElement root;
        try {
            root = JsonParser.parseString(headerText);
        } catch (RuntimeException e) {
            throw broken(path, "its header is not valid JSON (" + e.getMessage() + ")");
        }
        JsonObject header = JsonFields.of(root, problem -> broken(path, "its header: " + problem))
                .json();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                readMetadata(entry.getValue(), metadata, failure);
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
                throw broken(
                        path,
                        "tensors '" + previous.name() + "' and '" + current.name()
                                + "' overlap (bytes " + previous.begin() + "-" + previous.end() + " and "
                                + current.begin()
                                + "-" + current.end() + ")");
            }
        }
        return Collections.unmodifiableMap(tensors);
    }

    /** The format allows only string values in {@code __metadata__}. */
    private static void readMetadata(
            JsonElement json, Map<String, String> metadata, Function<String, SafetensorsFormatException> failure) {
        if (!json.isJsonObject()) {
            throw failure.apply("its __metadata__ is " + JsonFields.describe(json) + " where an object of strings"
                    + " was expected");
        }
        for (Map.Entry<String, JsonElement> m : json.getAsJsonObject().entrySet()) {
            JsonElement value = m.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw failure.apply("its __metadata__ entry \"" + m.getKey() + "\" is " + JsonFields.describe(value)
                        + " where a string was expected");
            }
            metadata.put(m.getKey(), value.getAsString());
        }
    }

    private static TensorInfo parseEntry(Path path, String name, JsonElement element, long dataLength) {
        String tensor = "tensor '" + name + "'";
        Function<String, SafetensorsFormatException> failure = problem -> broken(path, tensor + ": " + problem);
        try {
            if (!element.isJsonObject()) {
                throw failure.apply("its entry is " + JsonFields.describe(element) + " where an object with dtype,"
                        + " shape and data_offsets was expected");
            }
            JsonFields info = new JsonFields(element.getAsJsonObject(), "", failure);
            String dtypeName = info.string("dtype", null);
            if (dtypeName == null) {
                throw failure.apply("it has no dtype");
            }
            DType dtype = DType.fromHeader(dtypeName);
            if (dtype == null) {
                throw new SafetensorsFormatException("Tensor '" + name + "' in " + path + " has dtype " + dtypeName
                        + ", which this plugin cannot read. Fix: save the model in F32, F16 or BF16.");
            }
            long[] shape = longs(info, "shape", -1, failure);
            long[] offsets = longs(info, "data_offsets", 2, failure);
            long begin = offsets[0];
            long end = offsets[1];
            TensorInfo result = new TensorInfo(name, dtype, shape, begin, end);
            if (end < begin || end > dataLength) {
                throw broken(
                        path,
                        tensor + " spans bytes " + begin + "-" + end + " but the file holds " + dataLength
                                + " bytes of data (truncated?)");
            }
            long expected;
            try {
                expected = Math.multiplyExact(result.elementCount(), (long) dtype.bytes());
            } catch (ArithmeticException e) {
                throw failure.apply("its shape " + result.shapeText() + " has more elements than a long can count");
            }
            if (end - begin != expected) {
                throw broken(
                        path,
                        tensor + " has " + (end - begin) + " bytes but its dtype " + dtype + " and shape "
                                + result.shapeText() + " need " + expected);
            }
            return result;
        } catch (FinetuneException e) {
            throw e;
        } catch (RuntimeException e) {
            throw broken(path, "the header entry of " + tensor + " is malformed (" + e + ")");
        }
    }

    /** An array of whole numbers from 0 up, of the given length (-1: any). */
    private static long[] longs(
            JsonFields info, String key, int length, Function<String, SafetensorsFormatException> failure) {
        JsonArray array = info.array(key);
        if (array == null || (length >= 0 && array.size() != length)) {
            throw failure.apply(
                    "its " + key + " is " + JsonFields.describe(info.json().get(key)) + " where "
                            + (length >= 0 ? "an array of " + length + " whole numbers" : "an array of whole numbers")
                            + " was expected");
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = JsonFields.integer(key + "[" + i + "]", array.get(i), 0, Long.MAX_VALUE, failure);
        }
        return values;
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
        int count = count(info, Float.BYTES);
        ByteBuffer out = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        if (info.dtype() == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            // Read, not mapped: a mapping stays resident until the JVM happens to collect it, and a model's
            // worth of file pages counted in the worker's peak memory (about 90 MB for MiniLM, issue 16).
            try {
                readFully(channel, out, dataStart + info.begin());
            } catch (IOException e) {
                throw new FinetuneException("Cannot read tensor '" + name + "' of " + path + ": " + e.getMessage(), e);
            }
            return out.clear();
        }
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
        int count = count(info, Long.BYTES);
        ByteBuffer in = bytes(name);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (info.dtype()) {
                case I64 -> in.getLong(i * 8);
                case I32 -> in.getInt(i * 4);
                case I16 -> in.getShort(i * 2);
                case I8, BOOL -> in.get(i);
                case U8 -> in.get(i) & 0xff;
                default ->
                    throw new FinetuneException("Tensor '" + name + "' of " + path + " holds " + info.dtype()
                            + " values where integers were expected.");
            };
        }
        return values;
    }

    /** Integer tensors (I8 to I32) as int. */
    public int[] ints(String name) {
        long[] wide = longs(name);
        int[] values = new int[wide.length];
        for (int i = 0; i < wide.length; i++) {
            if (wide[i] != (int) wide[i]) {
                throw new SafetensorsFormatException("Tensor '" + name + "' of " + path + " holds " + wide[i]
                        + " at index " + i + ", outside the int range this plugin reads it into.");
            }
            values[i] = (int) wide[i];
        }
        return values;
    }

    /** The element count, refused when the widened values would not fit one Java array or buffer. */
    private int count(TensorInfo info, int widenedBytes) {
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE / widenedBytes) {
            throw new FinetuneException("Tensor '" + info.name() + "' of " + path + " has " + count + " elements,"
                    + " more than this plugin reads into memory at once (" + Integer.MAX_VALUE / widenedBytes + ").");
        }
        return (int) count;
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
