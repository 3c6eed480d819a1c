package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitSpecTest {

    private static int[] range(String spec, int rows) {
        SplitSpec parsed = SplitSpec.parse("trainSplit", spec);
        return parsed.parts().get(0).range(rows, "trainSplit", spec);
    }

    @Test
    void wholeSplit() {
        SplitSpec spec = SplitSpec.parse("trainSplit", "train");
        assertEquals(1, spec.parts().size());
        assertTrue(spec.parts().get(0).whole());
        assertArrayEquals(new int[] {0, 57}, range("train", 57));
        assertArrayEquals(new int[] {0, 57}, range("train[:]", 57));
    }

    @Test
    void percentBoundariesRoundToTheClosestRowLikePython() {
        assertArrayEquals(new int[] {0, 90}, range("train[:90%]", 100));
        assertArrayEquals(new int[] {90, 100}, range("train[90%:]", 100));
        // 10% of 25 = 2.5 and 30% of 25 = 7.5: Python's round() goes to the even neighbour
        assertArrayEquals(new int[] {2, 8}, range("train[10%:30%]", 25));
        assertArrayEquals(new int[] {0, 2}, range("train[:10%]", 25));
        assertArrayEquals(new int[] {0, 4}, range("train[:33%]", 11)); // 3.63 -> 4
        assertArrayEquals(new int[] {0, 2}, range("train[:50%]", 3)); // 1.5 -> 2
        assertArrayEquals(new int[] {0, 2}, range("train[:50%]", 5)); // 2.5 -> 2
    }

    @Test
    void absoluteAndNegativeBoundaries() {
        assertArrayEquals(new int[] {0, 1000}, range("train[:1000]", 5000));
        assertArrayEquals(new int[] {0, 300}, range("train[:1000]", 300));
        assertArrayEquals(new int[] {4900, 5000}, range("train[-100:]", 5000));
        assertArrayEquals(new int[] {0, 50}, range("train[-100:]", 50));
        assertArrayEquals(new int[] {10, 20}, range("train[10:20]", 5000));
        assertArrayEquals(new int[] {0, 4990}, range("train[:-10]", 5000));
        assertArrayEquals(new int[] {20, 20}, range("train[20:10]", 5000));
        assertArrayEquals(new int[] {4500, 5000}, range("train[-10%:]", 5000));
        assertArrayEquals(new int[] {1000, 1000}, range("train[1_000:1_000]", 5000));
    }

    @Test
    void dropRemainderRounding() {
        assertArrayEquals(new int[] {0, 20}, range("train[:10%](pct1_dropremainder)", 250)); // 10 * (250 // 100)
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> range("train[:10%](pct1_dropremainder)", 50));
        assertTrue(e.getMessage().contains("fewer than 100"), e.getMessage());
    }

    @Test
    void concatenation() {
        SplitSpec spec = SplitSpec.parse("trainSplit", "train[:10%] + validation");
        assertEquals(
                List.of("train", "validation"),
                spec.parts().stream().map(SplitSpec.Part::split).toList());
        assertEquals("train[:10%]", spec.parts().get(0).text());
        assertArrayEquals(new int[] {0, 7}, spec.parts().get(1).range(7, "trainSplit", spec.text()));
    }

    @Test
    void malformedSpecsNameTheParameterAndTheSyntax() {
        for (String bad : List.of(
                "train[5]",
                "train[:90%",
                "train[a:b]",
                "train+",
                "train[:150%]",
                "[:10%]",
                "train[10%:20]",
                "train[:10](closest)",
                "train[:10%](nearest)")) {
            ConfigurationException e =
                    assertThrows(ConfigurationException.class, () -> SplitSpec.parse("validationSplit", bad), bad);
            assertEquals("validationSplit", e.parameter());
            assertTrue(e.getMessage().startsWith("Invalid validationSplit = " + bad + ":"), e.getMessage());
        }
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> SplitSpec.parse("testSplit", "train[10%:20]"));
        assertTrue(e.getMessage().contains("mixes a percentage and a row count"), e.getMessage());
    }

    @Test
    void unknownSplitListsTheAvailableOnes() {
        SplitSpec spec = SplitSpec.parse("validationSplit", "train[:10%]+dev");
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> spec.checkSplitsExist(List.of("train", "test")));
        assertEquals("validationSplit", e.parameter());
        assertTrue(e.getMessage().contains("no split named dev (it has train, test)"), e.getMessage());
    }
}
