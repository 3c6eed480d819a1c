package dev.stellar.finetune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.data.LengthHistogram;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.data.RoleStats;
import dev.stellar.finetune.data.TokenLengths;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.eval.GateVerdict;
import dev.stellar.finetune.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report shows what has run so far, says what has not, and never trusts text from the data as markup. */
class PartialReportTest {

    @TempDir
    Path temp;

    @Test
    void afterPrepareDataOnlyTheDataSectionHasFigures() throws Exception {
        WorkLayout layout = new WorkLayout(temp);
        String hostile = "<script>fetch('http://example.com')</script> & \"quotes\"";
        RoleStats train = new RoleStats(
                hostile,
                3,
                true,
                Map.of("neg", 2, "pos", 1),
                TokenLengths.of(new int[] {4, 5, 70}),
                LengthHistogram.of(new int[] {4, 5, 70}),
                1,
                0.3333);
        new PreparedData(
                        List.of("neg", "pos"),
                        Map.of("train", train),
                        64,
                        List.of("text"),
                        "label",
                        "tokenizer.json",
                        List.of(hostile),
                        null,
                        false,
                        null)
                .write(layout.dataDirectory());
        Path file = ReportWriter.write(layout);
        ReportDocument report = ReportDocument.parse(file);
        assertEquals(0, report.count("//script"), "text from the data is escaped");
        assertTrue(report.text().contains(hostile), "and shown as text");
        assertEquals(1, report.count("//section[@id='data']//*[local-name()='svg']"));
        assertTrue(report.text().contains("No model trained yet: run mvn finetune:freeze-and-train"));
        assertTrue(report.text().contains("Not evaluated yet"));
        assertTrue(Files.readString(file).contains("Content-Security-Policy"));
    }

    @Test
    void anEvaluationOfAnEarlierModelIsLeftOutWithANote() {
        WorkLayout layout = new WorkLayout(temp);
        EvaluationReport stale = new EvaluationReport(
                Map.of(),
                Map.of(),
                new GateVerdict("validation", null, null, true, List.of()),
                List.of(),
                "0123456789abcdef");
        Json.write(layout.evaluationFile(), stale.toJson());
        ReportDocument report = ReportDocument.parse(ReportWriter.write(layout));
        assertTrue(report.text().contains("evaluation.json scored an earlier model"));
        assertFalse(report.text().contains("Quality gate"));
    }

    @Test
    void anUnreadableFileIsNamedNotFatal() throws Exception {
        WorkLayout layout = new WorkLayout(temp);
        Files.createDirectories(layout.dataDirectory());
        Files.writeString(PreparedData.file(layout.dataDirectory()), "{not json");
        ReportDocument report = ReportDocument.parse(ReportWriter.write(layout));
        assertTrue(report.text().contains("stats.json could not be read"), report.text());
    }
}
