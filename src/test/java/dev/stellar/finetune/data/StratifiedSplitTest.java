package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 60 rows of label 0, 30 of label 1, 10 of label 2, interleaved. */
    private static int[] labels() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i % 10 == 9 ? 2 : (i % 3 == 0 ? 1 : 0);
        }
        return labels;
    }

    private static int count(int[] labels, int[] rows, int label) {
        return (int) Arrays.stream(rows).filter(r -> labels[r] == label).count();
    }

    @Test
    void takesTheShareOfEachLabel() {
        int[] labels = labels();
        int[] perLabel = {0, 0, 0};
        for (int l : labels) {
            perLabel[l]++;
        }
        List<int[]> parts = StratifiedSplit.carve(labels, 42, 0.1);
        int[] carved = parts.get(0);
        int[] rest = parts.get(1);
        for (int label = 0; label < 3; label++) {
            assertEquals(Math.round(0.1 * perLabel[label]), count(labels, carved, label), "label " + label);
            assertEquals(perLabel[label] - Math.round(0.1 * perLabel[label]), count(labels, rest, label));
        }
    }

    @Test
    void partsAreDisjointCompleteAndInOriginalOrder() {
        int[] labels = labels();
        List<int[]> parts = StratifiedSplit.carve(labels, 7, 0.2, 0.1);
        assertEquals(3, parts.size());
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (int[] part : parts) {
            int[] sorted = part.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, part, "rows keep their original order");
            for (int row : part) {
                assertFalse(!all.add(row), "row " + row + " is in two parts");
            }
            total += part.length;
        }
        assertEquals(labels.length, total);
        // per label: 20% then 10% of 60 / 32 / 10 rows (label 1 holds 30 + the 3 multiples of 3 among 9, 19, ...)
        assertEquals(Math.round(0.2 * countOf(labels, 0)), count(labels, parts.get(0), 0));
        assertEquals(Math.round(0.1 * countOf(labels, 0)), count(labels, parts.get(1), 0));
    }

    private static int countOf(int[] labels, int label) {
        return (int) Arrays.stream(labels).filter(l -> l == label).count();
    }

    @Test
    void theSeedDecides() {
        int[] labels = labels();
        assertArrayEquals(
                StratifiedSplit.carve(labels, 42, 0.1).get(0),
                StratifiedSplit.carve(labels, 42, 0.1).get(0));
        assertFalse(Arrays.equals(
                StratifiedSplit.carve(labels, 42, 0.3).get(0),
                StratifiedSplit.carve(labels, 43, 0.3).get(0)));
    }

    @Test
    void aLabelTooSmallForItsShareStaysInTrain() {
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        List<int[]> parts = StratifiedSplit.carve(labels, 1, 0.2);
        assertEquals(2, parts.get(0).length);
        assertEquals(0, count(labels, parts.get(0), 1));
    }
}
