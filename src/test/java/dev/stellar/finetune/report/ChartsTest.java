package dev.stellar.finetune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.data.LengthHistogram;
import dev.stellar.finetune.eval.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path temp;

    @Test
    void axesRunOverRoundNumbers() {
        Axis scores = Axis.covering(0.8137, 0.9321, 5);
        assertEquals(0.025, scores.step(), 1e-12);
        assertEquals(0.8, scores.low(), 1e-12);
        assertEquals(0.95, scores.high(), 1e-12);
        assertEquals("0.800", scores.label(0.8));
        assertEquals(
                List.of("0", "50", "100", "150"),
                Axis.covering(0, 137, 4).ticks().stream()
                        .map(t -> Axis.covering(0, 137, 4).label(t))
                        .toList());
        Axis flat = Axis.covering(0.5, 0.5, 5);
        assertTrue(flat.low() < 0.5 && flat.high() > 0.5, "a flat line still gets a range");
        assertEquals(200.0, Axis.covering(0, 200, 4).map(1, 0, 200) * 200, 1e-9);
    }

    @Test
    void aLineChartHasADotPerFiniteValueAGapForNaNAndTheMark() throws Exception {
        String svg = new LineChart("Loss", "loss")
                .add(new LineChart.Series("train", "#000", new double[] {0.9, 0.5, 0.4}, false))
                .add(new LineChart.Series("validation", "#f00", new double[] {0.8, Double.NaN, 0.6}, true))
                .mark(3, "best epoch 3")
                .svg();
        ReportDocument chart = parse(svg);
        assertEquals(5, chart.count("//*[local-name()='circle']"));
        assertEquals(2, chart.count("//*[local-name()='path'][@class='series']"));
        assertEquals(1, chart.count("//*[local-name()='line'][@class='mark']"));
        assertTrue(svg.contains("M") && svg.matches("(?s).*d=\"M[^\"]* M[^\"]*\".*"), "NaN breaks the line in two");
        assertTrue(chart.text().contains("best epoch 3"));
    }

    @Test
    void aHistogramDrawsBarsAndMaxLength() throws Exception {
        String svg = HistogramChart.svg("Train & <lengths>", LengthHistogram.of(new int[] {3, 4, 4, 36, 38}), 32);
        ReportDocument chart = parse(svg);
        assertEquals(4, chart.count("//*[local-name()='rect'][@class='bar']"), "empty bins draw nothing");
        assertEquals(
                2,
                chart.count("//*[local-name()='rect'][@class='bar'][@fill='#e45756']"),
                "rows over maxLength are shaded apart");
        assertEquals(1, chart.count("//*[local-name()='line'][@class='max-length']"));
        assertTrue(chart.text().contains("maxLength 32"));
        assertTrue(chart.text().contains("Train & <lengths>"), "the title is escaped, not markup");
    }

    @Test
    void aReliabilityChartDrawsABarPerNonEmptyBinUpToItsAccuracy() throws Exception {
        Calibration calibration = new Calibration(
                0.15,
                List.of(
                        new Calibration.ReliabilityBin(0.5, 0.6, 3, 0.57, 2.0 / 3),
                        new Calibration.ReliabilityBin(0.9, 1.0, 1, 0.91, 1.0)));
        String svg = ReliabilityChart.svg("Validation", calibration);
        ReportDocument chart = parse(svg);
        assertEquals(2, chart.count("//*[local-name()='rect'][@class='bar']"));
        assertEquals(1, chart.count("//*[local-name()='line'][@class='diagonal']"));
        assertTrue(chart.text().contains("3 rows, mean confidence 0.570, 0.667 right"), chart.text());
        assertTrue(chart.text().contains("expected calibration error 0.1500"));
        // The bar of the bin whose rows were all right reaches the top of the plot, as the diagonal does at 1.
        assertTrue(svg.contains("y=\"" + Html.coordinate(ChartFrame.TOP) + "\""), svg);
    }

    private ReportDocument parse(String svg) throws Exception {
        Path file = temp.resolve("chart.svg");
        Files.writeString(file, svg);
        return ReportDocument.parse(file);
    }
}
