package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static int[] randomLengths(int rows, long seed) {
        Random random = new Random(seed);
        int[] lengths = new int[rows];
        for (int i = 0; i < rows; i++) {
            lengths[i] = 3 + random.nextInt(125);
        }
        return lengths;
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    /** Padded tokens over real tokens when every batch is padded to its longest row. */
    private static double paddingOverhead(List<int[]> batches, int[] lengths) {
        long padded = 0;
        long real = 0;
        for (int[] batch : batches) {
            int longest = Arrays.stream(batch).map(r -> lengths[r]).max().orElse(0);
            for (int r : batch) {
                padded += longest - lengths[r];
                real += lengths[r];
            }
        }
        return (double) padded / real;
    }

    @Test
    void lengthGroupedBatchesHoldEveryRowOnceAndPadFarLessThanShuffledOnes() {
        int[] lengths = randomLengths(5000, 1);
        List<int[]> grouped = Batches.groupedByLength(lengths, 32, 50, new Random(7));
        List<int[]> shuffled = Batches.shuffled(lengths.length, 32, new Random(7));
        int[] rows = flatten(grouped);
        Arrays.sort(rows);
        assertArrayEquals(java.util.stream.IntStream.range(0, 5000).toArray(), rows);
        double groupedOverhead = paddingOverhead(grouped, lengths);
        double shuffledOverhead = paddingOverhead(shuffled, lengths);
        assertTrue(shuffledOverhead > 0.5, "random batches of uniform lengths pad a lot: " + shuffledOverhead);
        assertTrue(groupedOverhead < 0.05, "grouped batches pad little: " + groupedOverhead);
        assertEquals(157, grouped.size());
    }

    @Test
    void lengthGroupingIsReproducibleFromTheSeedAndDiffersFromEpochToEpoch() {
        int[] lengths = randomLengths(2000, 2);
        Random a = new Random(11);
        Random b = new Random(11);
        int[] firstA = flatten(Batches.groupedByLength(lengths, 16, 50, a));
        int[] firstB = flatten(Batches.groupedByLength(lengths, 16, 50, b));
        assertArrayEquals(firstA, firstB, "the same seed gives the same order");
        int[] secondA = flatten(Batches.groupedByLength(lengths, 16, 50, a));
        assertFalse(Arrays.equals(firstA, secondA), "the next epoch is ordered differently");
        // Neither globally sorted nor the first batch always the shortest rows.
        int[] firstBatch =
                Batches.groupedByLength(lengths, 16, 50, new Random(12)).get(0);
        int[] secondBatch =
                Batches.groupedByLength(lengths, 16, 50, new Random(13)).get(0);
        assertFalse(Arrays.equals(firstBatch, secondBatch));
    }

    @Test
    void scoringBatchesAreSortedByLengthAndCoverEveryRow() {
        int[] lengths = randomLengths(300, 3);
        List<int[]> batches = Batches.byLength(lengths, 64);
        int[] rows = flatten(batches);
        for (int i = 1; i < rows.length; i++) {
            assertTrue(lengths[rows[i - 1]] <= lengths[rows[i]]);
        }
        Arrays.sort(rows);
        assertArrayEquals(java.util.stream.IntStream.range(0, 300).toArray(), rows);
        assertEquals(5, batches.size());
        assertEquals(300 - 4 * 64, batches.get(4).length);
    }
}
