package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path temp;

    @Test
    void writesAndReadsBackTensorsAndMetadata() {
        Path file = temp.resolve("t.safetensors");
        SafetensorsWriter.write(file, Map.of("format", "pt"), List.of(
                Tensor.ofFloats("a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                Tensor.ofLongs("ids", new long[] {2}, new long[] {7, -1})));
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertEquals("pt", in.metadata().get("format"));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, in.floats("a.weight"));
            assertArrayEquals(new long[] {7, -1}, in.longs("ids"));
            assertArrayEquals(new long[] {2, 3}, in.info("a.weight").shape());
        }
        assertEquals(0, (headerLength(file)) % 8, "header is padded to 8 bytes");
    }

    @Test
    void widensBf16AndF16ToF32() throws Exception {
        // 1.5 and -2.0 in bf16 (top halves of the f32 bits) and in f16.
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (Float.floatToIntBits(1.5f) >>> 16)).putShort((short) (Float.floatToIntBits(-2f) >>> 16));
        ByteBuffer f16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3e00)
                .putShort((short) 0xc000);
        Path file = temp.resolve("half.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(new Tensor("b", DType.BF16, new long[] {2}, bf16.flip()),
                new Tensor("h", DType.F16, new long[] {2}, f16.flip())));
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1.5f, -2f}, in.floats("b"));
            assertArrayEquals(new float[] {1.5f, -2f}, in.floats("h"));
        }
    }

    @Test
    void aTruncatedFileIsRefusedBeforeUse() throws Exception {
        Path file = temp.resolve("t.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(Tensor.ofFloats("w", new long[] {4}, new float[4])));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("tensor 'w' spans bytes 0-16 but the file holds 12 bytes"), e.getMessage());
    }

    @Test
    void aHeaderLargerThanTheFileIsRefused() throws Exception {
        Path file = temp.resolve("t.safetensors");
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).putLong(0);
        Files.write(file, header.array());
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("its header claims 1000000 bytes but the file has 16 bytes"), e.getMessage());
    }

    @Test
    void overlappingTensorsAreRefused() throws Exception {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path file = raw(json, 12);
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("tensors 'a' and 'b' overlap"), e.getMessage());
    }

    @Test
    void aSizeThatDoesNotMatchTheShapeIsRefused() throws Exception {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("tensor 'a' has 8 bytes but its dtype F32 and shape [3] need 12"),
                e.getMessage());
    }

    private Path raw(String json, int dataBytes) throws Exception {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        Path file = temp.resolve("raw.safetensors");
        Files.write(file, out.array());
        return file;
    }

    private static long headerLength(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
