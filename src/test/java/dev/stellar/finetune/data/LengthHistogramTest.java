package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LengthHistogramTest {

    @Test
    void binsOfOneTokenWhileTheLongestRowFitsFortyBins() {
        LengthHistogram h = LengthHistogram.of(new int[] {2, 3, 3, 39});
        assertEquals(1, h.binWidth());
        assertEquals(40, h.counts().length);
        assertEquals(2, h.counts()[3]);
        assertEquals(1, h.counts()[39]);
        assertEquals(4, h.rows());
    }

    @Test
    void widerRowsGetRoundBinWidths() {
        assertEquals(2, LengthHistogram.roundWidth(40));
        assertEquals(5, LengthHistogram.roundWidth(128));
        assertEquals(10, LengthHistogram.roundWidth(390));
        assertEquals(20, LengthHistogram.roundWidth(512));
        assertEquals(50, LengthHistogram.roundWidth(1999));
        LengthHistogram h = LengthHistogram.of(new int[] {4, 5, 9, 10, 128});
        assertEquals(5, h.binWidth());
        assertArrayEquals(new int[] {1, 2, 1}, Arrays.copyOf(h.counts(), 3), "0-4, 5-9, 10-14");
        assertEquals(1, h.counts()[25], "125-129");
    }

    @Test
    void noRowsGiveOneEmptyBin() {
        LengthHistogram h = LengthHistogram.of(new int[0]);
        assertEquals(0, h.rows());
        assertEquals(LengthHistogram.of(new int[0]), h);
    }
}
