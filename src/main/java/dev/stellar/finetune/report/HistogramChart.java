package dev.stellar.finetune.report;

import static dev.stellar.finetune.report.ChartFrame.BOTTOM;
import static dev.stellar.finetune.report.ChartFrame.LEFT;
import static dev.stellar.finetune.report.ChartFrame.RIGHT;
import static dev.stellar.finetune.report.ChartFrame.TOP;
import static dev.stellar.finetune.report.ChartFrame.WIDTH;

import dev.stellar.finetune.data.LengthHistogram;

/**
 * Rows per token length as inline SVG bars, with maxLength drawn as a line: bars right of it are the rows
 * that were cut, shaded apart so the share lost to truncation is visible at a glance.
 */
final class HistogramChart {

    private static final int HEIGHT = 250;
    private static final String KEPT = "#4c78a8";
    private static final String CUT = "#e45756";

    private HistogramChart() {}

    static String svg(String title, LengthHistogram histogram, int maxLength) {
        int[] counts = histogram.counts();
        int width = histogram.binWidth();
        int most = 0;
        for (int c : counts) {
            most = Math.max(most, c);
        }
        double xMax = Math.max(counts.length * width, maxLength + width);
        double plotWidth = WIDTH - LEFT - RIGHT;
        Axis y = Axis.covering(0, Math.max(1, most), 4);
        StringBuilder svg = new StringBuilder();
        ChartFrame.open(svg, "chart histogram", HEIGHT, title);
        ChartFrame.grid(svg, y, HEIGHT);
        for (int bin = 0; bin < counts.length; bin++) {
            if (counts[bin] == 0) {
                continue;
            }
            double top = y.map(counts[bin], HEIGHT - BOTTOM, TOP);
            int from = bin * width;
            int to = from + width - 1;
            svg.append("<rect class=\"bar\" x=\"")
                    .append(Html.coordinate(LEFT + from / xMax * plotWidth))
                    .append("\" y=\"")
                    .append(Html.coordinate(top))
                    .append("\" width=\"")
                    .append(Html.coordinate(Math.max(1, width / xMax * plotWidth - 1)))
                    .append("\" height=\"")
                    .append(Html.coordinate(HEIGHT - BOTTOM - top))
                    .append("\" fill=\"")
                    .append(to > maxLength ? CUT : KEPT)
                    .append("\"><title>")
                    .append(from == to ? from + "" : from + "-" + to)
                    .append(" tokens: ")
                    .append(Html.count(counts[bin]))
                    .append(" rows</title></rect>");
        }
        Axis x = Axis.covering(0, xMax, 6);
        for (double tick : x.ticks()) {
            if (tick <= xMax) {
                svg.append(ChartFrame.text(
                        LEFT + tick / xMax * plotWidth, HEIGHT - BOTTOM + 16, "middle", "tick", x.label(tick)));
            }
        }
        ChartFrame.marker(
                svg, "max-length", LEFT + (maxLength + 0.5) / xMax * plotWidth, HEIGHT, CUT, "maxLength " + maxLength);
        ChartFrame.xLabel(svg, HEIGHT, "tokens per row before truncation");
        svg.append("</svg>");
        return svg.toString();
    }
}
