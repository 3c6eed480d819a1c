package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files prepare-data writes read back, and a damaged one is named with the way to rebuild it. */
class PreparedFilesTest {

    @TempDir
    Path temp;

    @Test
    void anEncodedSplitReadsBack() {
        Path file = temp.resolve("train.safetensors");
        new EncodedSplit("train", new int[][] {{101, 7, 102}, {101, 102}}, new int[][] {{0, 0, 0}, {0, 1}}, new int[] {
                    1, 0
                })
                .write(file);
        EncodedSplit read = EncodedSplit.read(file);
        assertArrayEquals(new int[] {101, 102}, read.inputIds()[1]);
        assertArrayEquals(new int[] {0, 1}, read.tokenTypeIds()[1]);
        assertArrayEquals(new int[] {1, 0}, read.labels());
    }

    private Path split(long[] offsets, int types, long[] labels) {
        Path file = temp.resolve("damaged-" + System.nanoTime() + ".safetensors");
        SafetensorsWriter.write(
                file,
                Map.of("format", "finetune-encoded-split", "role", "train"),
                List.of(
                        Tensor.ofInts("input_ids", new long[] {4}, new int[] {101, 7, 8, 102}),
                        Tensor.ofBytes("token_type_ids", new long[] {types}, new byte[types]),
                        Tensor.ofLongs("offsets", new long[] {offsets.length}, offsets),
                        Tensor.ofLongs("labels", new long[] {labels.length}, labels)));
        return file;
    }

    @Test
    void aDamagedEncodedSplitIsNamedInsteadOfCutIntoRows() {
        for (var c : List.of(
                new Object[] {split(new long[] {0, 3, 2, 4}, 4, new long[] {0, 1, 0}), "its offsets decrease at row 2"},
                new Object[] {
                    split(new long[] {0, 9}, 4, new long[] {0}),
                    "its offsets do not run from 0 to the 4 tokens of input_ids"
                },
                new Object[] {split(new long[] {0, 4}, 3, new long[] {0}), "it has 3 token_type_ids for 4 input_ids"},
                new Object[] {split(new long[] {0, 4}, 4, new long[] {0, 1}), "it has 2 labels for 1 rows"})) {
            Path file = (Path) c[0];
            var e = assertThrows(FinetuneException.class, () -> EncodedSplit.read(file));
            assertEquals(
                    "File " + file + " is a damaged encoded split: " + c[1]
                            + ". Fix: run mvn finetune:prepare-data again.",
                    e.getMessage());
        }
    }

    @Test
    void labelsJsonWithANullOrARepeatedNameIsNamed() throws Exception {
        for (String json : List.of("[\"a\", null]", "[\"a\", \"a\"]", "[]")) {
            Files.writeString(LabelSet.file(temp), json);
            var e = assertThrows(FinetuneException.class, () -> LabelSet.read(temp));
            assertTrue(
                    e.getMessage()
                            .startsWith("File " + LabelSet.file(temp) + " is damaged: it must list the label"
                                    + " names in id order"),
                    e.getMessage());
        }
        Files.writeString(LabelSet.file(temp), "{\"a\": 1}");
        var e = assertThrows(FinetuneException.class, () -> LabelSet.read(temp));
        assertTrue(
                e.getMessage()
                        .startsWith("File " + LabelSet.file(temp) + " is not valid JSON or not in the form"
                                + " this plugin reads"),
                e.getMessage());
    }
}
