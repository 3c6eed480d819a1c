package dev.stellar.finetune.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predictions CSV: formula escaping on request, and the header by which predict knows its own files. */
class PredictionsCsvTest {

    @TempDir
    Path folder;

    private static PredictionReport report(List<String> columns, List<String> labels, Prediction... rows) {
        return new PredictionReport("model", labels, columns, List.of(rows), null);
    }

    private static final PredictionReport HOSTILE = report(
            List.of("=title"),
            List.of("-1", "@cmd"),
            new Prediction(1, "=HYPERLINK(\"http://x\",\"y\")", null, "@cmd", new float[] {0.25f, 0.75f}),
            new Prediction(2, "-2+3", null, "-1", new float[] {0.5f, 0.5f}),
            new Prediction(3, "+1", null, "-1", new float[] {0.5f, 0.5f}),
            new Prediction(4, "\tcell", null, "-1", new float[] {0.5f, 0.5f}),
            new Prediction(5, "a fine film", null, "-1", new float[] {0.5f, 0.5f}));

    @Test
    void formulasAreEscapedOnlyWhenAsked() throws Exception {
        Path plain = folder.resolve("plain.csv");
        PredictionsCsv.write(plain, HOSTILE, false);
        assertEquals(
                List.of(
                        "=title,predicted_label,probability_-1,probability_@cmd",
                        "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@cmd,0.250000,0.750000",
                        "-2+3,-1,0.500000,0.500000",
                        "+1,-1,0.500000,0.500000",
                        "\"\tcell\",-1,0.500000,0.500000",
                        "a fine film,-1,0.500000,0.500000"),
                Files.readAllLines(plain));

        Path escaped = folder.resolve("escaped.csv");
        PredictionsCsv.write(escaped, HOSTILE, true);
        assertEquals(
                List.of(
                        "'=title,predicted_label,probability_-1,probability_@cmd",
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@cmd,0.250000,0.750000",
                        "'-2+3,-1,0.500000,0.500000",
                        "+1,-1,0.500000,0.500000",
                        "'\tcell,-1,0.500000,0.500000",
                        "a fine film,-1,0.500000,0.500000"),
                Files.readAllLines(escaped));
        assertTrue(PredictionsTarget.writtenByPredict(escaped), "an escaped file is still predict's own");
    }

    @Test
    void numbersAreDataNotFormulas() {
        for (String number : List.of("-1", "-0.5", "+3", "-1e-5", "-.5")) {
            assertFalse(PredictionsCsv.isFormula(number), number);
        }
        for (String formula : List.of("=1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "+A1", "\rx", "-")) {
            assertTrue(PredictionsCsv.isFormula(formula), formula);
        }
    }

    @Test
    void predictKnowsItsOwnFilesByTheirHeader() throws Exception {
        Path pair = folder.resolve("pair.csv");
        PredictionsCsv.write(
                pair,
                report(
                        List.of("sentence1", "sentence,2"),
                        List.of("no", "yes"),
                        new Prediction(1, "a", "b", "yes", new float[] {0.1f, 0.9f})),
                false);
        assertTrue(PredictionsTarget.writtenByPredict(pair));
        Path empty = Files.createFile(folder.resolve("empty.csv"));
        assertTrue(PredictionsTarget.writtenByPredict(empty), "an empty file holds nothing to lose");
        for (String foreign : List.of(
                "text,label\na,1\n",
                "text,predicted_label\na,1\n",
                "id,text,extra,predicted_label,probability_0\n",
                "text,predicted_label,probability_0,notes\n",
                "text,predicted_label,probability_0")) {
            Path file = Files.writeString(folder.resolve("foreign.csv"), foreign);
            assertFalse(PredictionsTarget.writtenByPredict(file), foreign);
        }
    }
}
