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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsFileTest {

    @TempDir
    Path temp;

    @Test
    void writesAndReadsBackTensorsAndMetadata() {
        Path file = temp.resolve("t.safetensors");
        SafetensorsWriter.write(
                file,
                Map.of("format", "pt"),
                List.of(
                        Tensor.ofFloats("a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                        Tensor.ofLongs("ids", new long[] {2}, new long[] {7, -1})));
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertEquals("pt", in.metadata().get("format"));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, in.floats("a.weight"));
            assertArrayEquals(new long[] {7, -1}, in.longs("ids"));
            assertArrayEquals(new long[] {2, 3}, in.info("a.weight").shape());
        }
        assertEquals(0, headerLength(file) % 8, "header is padded to 8 bytes");
    }

    @Test
    void widensBf16AndF16ToF32() throws Exception {
        // 1.5 and -2.0 in bf16 (top halves of the f32 bits) and in f16.
        ByteBuffer bf16 = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (Float.floatToIntBits(1.5f) >>> 16))
                .putShort((short) (Float.floatToIntBits(-2f) >>> 16));
        ByteBuffer f16 = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3e00)
                .putShort((short) 0xc000);
        Path file = temp.resolve("half.safetensors");
        SafetensorsWriter.write(
                file,
                Map.of(),
                List.of(
                        new Tensor("b", DType.BF16, new long[] {2}, bf16.flip()),
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
        ByteBuffer header = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(1_000_000)
                .putLong(0);
        Files.write(file, header.array());
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(
                e.getMessage().contains("its header claims 1000000 bytes but the file has 16 bytes"), e.getMessage());
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
        assertTrue(
                e.getMessage().contains("tensor 'a' has 8 bytes but its dtype F32 and shape [3] need 12"),
                e.getMessage());
    }

    /**
     * Every structural surprise a header can hold, with the sentence the user reads: each is a
     * SafetensorsFormatException that names the file, never a bare Gson or arithmetic exception.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            header is an array | [1,2] | its header: it holds [1,2] where a JSON object was expected
            header is not JSON | {"a": | its header is not valid JSON
            metadata is a string | {"__metadata__":"pt"} | its __metadata__ is "pt" where an object of strings was expected
            metadata value is a number | {"__metadata__":{"format":5}} | its __metadata__ entry "format" is 5 where a string was expected
            metadata value is an object | {"__metadata__":{"format":{"x":1}}} | its __metadata__ entry "format" is {"x":1} where a string was expected
            entry is a number | {"a":7} | tensor 'a': its entry is 7 where an object with dtype, shape and data_offsets was expected
            dtype missing | {"a":{"shape":[2],"data_offsets":[0,8]}} | tensor 'a': it has no dtype
            dtype a number | {"a":{"dtype":4,"shape":[2],"data_offsets":[0,8]}} | tensor 'a': "dtype" is 4 where a string was expected
            dtype unknown | {"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,8]}} | has dtype F8_E4M3, which this plugin cannot read
            shape missing | {"a":{"dtype":"F32","data_offsets":[0,8]}} | tensor 'a': its shape is null where an array of whole numbers was expected
            shape a string | {"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}} | tensor 'a': "shape" is "2" where an array was expected
            shape not whole | {"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}} | tensor 'a': shape[0] is 2.5, not a whole number
            shape negative | {"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}} | tensor 'a': shape[0] is -2, outside the range 0 to
            shape a string element | {"a":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}} | tensor 'a': shape[0] is "2" where a whole number was expected
            shape overflows | {"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}} | tensor 'a': its shape [4294967296, 4294967296] has more elements than a long can count
            offsets one number | {"a":{"dtype":"F32","shape":[2],"data_offsets":[8]}} | tensor 'a': its data_offsets is [8] where an array of 2 whole numbers was expected
            offsets decreasing | {"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}} | tensor 'a' spans bytes 8-0 but the file holds 8 bytes
            offsets negative | {"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}} | tensor 'a': data_offsets[0] is -8, outside the range 0 to
            offsets beyond the file | {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,80000000000]}} | tensor 'a' spans bytes 0-80000000000 but the file holds 8 bytes
            offsets past a long | {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,1e30]}} | tensor 'a': data_offsets[1] is 1e30, outside the range 0 to
            """)
    void malformedHeadersAreRefusedNamingTheFile(String what, String header, String expected) throws Exception {
        Path file = raw(header, 8);
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(
                e.getMessage().startsWith("File " + file + " is not a valid safetensors file: ")
                        || e.getMessage().startsWith("Tensor 'a' in " + file),
                e.getMessage());
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    @Test
    void aHugeOrNegativeHeaderLengthIsRefused() throws Exception {
        for (long claimed : new long[] {Long.MAX_VALUE, -1, 1L << 40}) {
            Path file = temp.resolve("len.safetensors");
            Files.write(
                    file,
                    ByteBuffer.allocate(64)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(claimed)
                            .array());
            var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
            assertTrue(
                    e.getMessage().contains("its header claims " + claimed + " bytes but the file has 64 bytes"),
                    e.getMessage());
        }
    }

    @Test
    void anIntegerTensorOutsideTheIntRangeIsRefusedByName() {
        Path file = temp.resolve("ids.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(Tensor.ofLongs("ids", new long[] {2}, new long[] {1, 1L << 40
        })));
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            var e = assertThrows(SafetensorsFormatException.class, () -> in.ints("ids"));
            assertTrue(
                    e.getMessage().contains("Tensor 'ids' of " + file + " holds 1099511627776 at index 1"),
                    e.getMessage());
        }
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
