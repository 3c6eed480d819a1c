package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.RecordingLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelMappingTest {

    private static final DataFile FILE = new DataFile(Path.of("/data/train.csv"), "train.csv");

    private static List<RawRow> rows(String... labels) {
        List<RawRow> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(new RawRow("text " + i, null, labels[i], FILE, i + 1));
        }
        return rows;
    }

    private static LabelMapping decide(List<String> configured, List<RawRow> train, LabelMapping.RoleRows... others) {
        return LabelMapping.decide(configured, "label", train, List.of(others), new RecordingLog());
    }

    @Test
    void integerLabelsAreKeptAsIds() {
        LabelMapping mapping = decide(List.of(), rows("2", "0", "2", "1"));
        assertEquals(List.of("0", "1", "2"), mapping.labels().names());
        assertArrayEquals(new int[] {2, 0, 2, 1}, mapping.ids(rows("2", "0", "2", "1"), "train"));
    }

    @Test
    void integerLabelsNamedByLabels() {
        LabelMapping mapping = decide(List.of("negative", "positive"), rows("1", "0", "1"));
        assertEquals(List.of("negative", "positive"), mapping.labels().names());
        assertArrayEquals(new int[] {1, 0, 1}, mapping.ids(rows("1", "0", "1"), "train"));

        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> decide(List.of("negative", "positive"), rows("1", "0", "2")));
        assertEquals("labels", e.parameter());
        assertTrue(
                e.getMessage().contains("the label id 2 at /data/train.csv, data row 3 has no name"), e.getMessage());
    }

    @Test
    void idsAboveTrainsAreNamedFromTheOtherSplits() {
        RecordingLog log = new RecordingLog();
        LabelMapping mapping = LabelMapping.decide(
                List.of(),
                "label",
                rows("0", "1"),
                List.of(new LabelMapping.RoleRows("validation", rows("0", "3"))),
                log);
        assertEquals(List.of("0", "1", "2", "3"), mapping.labels().names());
        assertTrue(
                log.warnings.get(0).contains("validation split has labels that train never shows: 3 (1 rows)"),
                log.warnings.toString());
    }

    @Test
    void textLabelsAreSorted() {
        RecordingLog log = new RecordingLog();
        LabelMapping mapping = LabelMapping.decide(
                List.of(),
                "label",
                rows("pos", "neg", "neutral", "neg"),
                List.of(new LabelMapping.RoleRows("test", rows("pos", "mixed"))),
                log);
        assertEquals(List.of("mixed", "neg", "neutral", "pos"), mapping.labels().names());
        assertArrayEquals(new int[] {3, 1, 2, 1}, mapping.ids(rows("pos", "neg", "neutral", "neg"), "train"));
        assertTrue(log.warnings.get(0).contains("test split has labels that train never shows: mixed (1 rows)"));
    }

    @Test
    void textLabelsFollowTheConfiguredOrder() {
        LabelMapping mapping = decide(List.of("pos", "neg"), rows("neg", "pos", "neg"));
        assertEquals(List.of("pos", "neg"), mapping.labels().names());
        assertArrayEquals(new int[] {1, 0, 1}, mapping.ids(rows("neg", "pos", "neg"), "train"));
    }

    @Test
    void anUnknownLabelNamesTheAllowedOnes() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> decide(
                        List.of("pos", "neg"),
                        rows("neg", "pos"),
                        new LabelMapping.RoleRows("validation", rows("pos", "neutral"))));
        assertEquals("labels", e.parameter());
        assertTrue(
                e.getMessage().contains("the label 'neutral' at /data/train.csv, data row 2 is not one of pos, neg"),
                e.getMessage());
    }

    @Test
    void hiddenLabelsMixedWithRealOnesFail() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> decide(List.of(), rows("1", "-1", "0", "-1")));
        assertEquals("labelColumn", e.parameter());
        assertTrue(
                e.getMessage()
                        .contains("mixes the hidden label -1 (2 rows, the first at /data/train.csv, data row" + " 2)"),
                e.getMessage());
    }

    @Test
    void trainNeedsTwoClasses() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> decide(List.of(), rows("pos", "pos")));
        assertEquals("labelColumn", e.parameter());
        assertTrue(e.getMessage().contains("fewer than two classes (only pos, in 2 rows)"), e.getMessage());
    }

    @Test
    void integerTrainWithTextElsewhereFails() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> decide(List.of(), rows("1", "0"), new LabelMapping.RoleRows("validation", rows("yes"))));
        assertTrue(
                e.getMessage().contains("the label 'yes' at /data/train.csv, data row 1 is not a whole number"),
                e.getMessage());
    }
}
