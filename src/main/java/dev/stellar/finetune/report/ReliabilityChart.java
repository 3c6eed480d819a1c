package dev.stellar.finetune.report;

import static dev.stellar.finetune.report.ChartFrame.BOTTOM;
import static dev.stellar.finetune.report.ChartFrame.LEFT;
import static dev.stellar.finetune.report.ChartFrame.RIGHT;
import static dev.stellar.finetune.report.ChartFrame.TOP;
import static dev.stellar.finetune.report.ChartFrame.WIDTH;
import static dev.stellar.finetune.report.ChartFrame.text;

import dev.stellar.finetune.eval.Calibration;
import java.util.Locale;

/**
 * A reliability diagram as inline SVG: per confidence bin, a bar as high as the share of its rows predicted
 * right, over the diagonal a perfectly calibrated model would follow; the bar's tooltip gives the bin's rows and
 * mean confidence. Bars below the diagonal are an overconfident model's.
 */
final class ReliabilityChart {

    private static final int HEIGHT = 290;
    private static final Axis UNIT = Axis.covering(0, 1, 5);

    private ReliabilityChart() {}

    static String svg(String title, Calibration calibration) {
        StringBuilder svg = new StringBuilder();
        ChartFrame.open(svg, "chart reliability", HEIGHT, title);
        ChartFrame.grid(svg, UNIT, HEIGHT);
        for (double tick : UNIT.ticks()) {
            svg.append(text(x(tick), HEIGHT - BOTTOM + 16, "middle", "tick", UNIT.label(tick)));
        }
        ChartFrame.xLabel(svg, HEIGHT, "confidence (the highest probability)");
        for (Calibration.ReliabilityBin bin : calibration.bins()) {
            double top = UNIT.map(bin.accuracy(), HEIGHT - BOTTOM, TOP);
            svg.append("<rect class=\"bar\" x=\"")
                    .append(Html.coordinate(x(bin.lower()) + 1))
                    .append("\" y=\"")
                    .append(Html.coordinate(top))
                    .append("\" width=\"")
                    .append(Html.coordinate(x(bin.upper()) - x(bin.lower()) - 2))
                    .append("\" height=\"")
                    .append(Html.coordinate(HEIGHT - BOTTOM - top))
                    .append("\" fill=\"#4c78a8\"><title>")
                    .append(Html.escape(String.format(
                            Locale.ROOT,
                            "confidence %.1f-%.1f: %d rows, mean confidence %.3f, %.3f right",
                            bin.lower(),
                            bin.upper(),
                            bin.rows(),
                            bin.confidence(),
                            bin.accuracy())))
                    .append("</title></rect>");
        }
        svg.append("<line class=\"diagonal\" x1=\"")
                .append(Html.coordinate(x(0)))
                .append("\" y1=\"")
                .append(Html.coordinate(UNIT.map(0, HEIGHT - BOTTOM, TOP)))
                .append("\" x2=\"")
                .append(Html.coordinate(x(1)))
                .append("\" y2=\"")
                .append(Html.coordinate(UNIT.map(1, HEIGHT - BOTTOM, TOP)))
                .append("\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>");
        svg.append(text(
                WIDTH - RIGHT,
                30,
                "end",
                "legend",
                String.format(Locale.ROOT, "expected calibration error %.4f", calibration.expectedError())));
        svg.append("</svg>");
        return svg.toString();
    }

    private static double x(double confidence) {
        return LEFT + confidence * (WIDTH - RIGHT - LEFT);
    }
}
