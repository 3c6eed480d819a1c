package dev.stellar.finetune.report;

import static dev.stellar.finetune.report.ChartFrame.BOTTOM;
import static dev.stellar.finetune.report.ChartFrame.LEFT;
import static dev.stellar.finetune.report.ChartFrame.RIGHT;
import static dev.stellar.finetune.report.ChartFrame.TOP;
import static dev.stellar.finetune.report.ChartFrame.WIDTH;
import static dev.stellar.finetune.report.ChartFrame.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart of figures per epoch as inline SVG: one line per series, a dot per epoch with its value as a
 * tooltip, and optionally one epoch marked (the best one, whose weights were kept).
 */
final class LineChart {

    /** One line; {@code values[i]} belongs to epoch {@code i + 1}; NaN leaves a gap. */
    record Series(String name, String color, double[] values, boolean emphasised) {}

    private static final int HEIGHT = 290;

    private final String title;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int markedEpoch;
    private String markLabel;

    LineChart(String title, String yLabel) {
        this.title = title;
        this.yLabel = yLabel;
    }

    LineChart add(Series line) {
        series.add(line);
        return this;
    }

    /** Marks an epoch with a dashed vertical line and a label, e.g. "best epoch 2". */
    LineChart mark(int epoch, String label) {
        this.markedEpoch = epoch;
        this.markLabel = label;
        return this;
    }

    String svg() {
        int epochs = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        Axis y = Axis.covering(min, max, 5);
        StringBuilder svg = new StringBuilder();
        ChartFrame.open(svg, "chart", HEIGHT, title);
        ChartFrame.grid(svg, y, HEIGHT);
        double middle = (TOP + HEIGHT - BOTTOM) / 2.0;
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(Html.coordinate(middle))
                .append(") rotate(-90)\">")
                .append(Html.escape(yLabel))
                .append("</text>");
        int every = Math.max(1, (int) Math.ceil(epochs / 12.0));
        for (int epoch = 1; epoch <= epochs; epoch += every) {
            svg.append(text(x(epoch, epochs), HEIGHT - BOTTOM + 16, "middle", "tick", String.valueOf(epoch)));
        }
        ChartFrame.xLabel(svg, HEIGHT, "epoch");
        if (markedEpoch > 0 && markedEpoch <= epochs) {
            ChartFrame.marker(svg, "mark", x(markedEpoch, epochs), HEIGHT, "#555", markLabel);
        }
        for (Series s : series) {
            line(svg, s, y, epochs);
        }
        legend(svg);
        svg.append("</svg>");
        return svg.toString();
    }

    private void line(StringBuilder svg, Series s, Axis y, int epochs) {
        StringBuilder path = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < s.values().length; i++) {
            double v = s.values()[i];
            if (!Double.isFinite(v)) {
                open = false;
                continue;
            }
            path.append(open ? " L" : " M")
                    .append(Html.coordinate(x(i + 1, epochs)))
                    .append(' ')
                    .append(Html.coordinate(y.map(v, HEIGHT - BOTTOM, TOP)));
            open = true;
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"series\" d=\"")
                    .append(path.toString().trim())
                    .append("\" fill=\"none\" stroke=\"")
                    .append(s.color())
                    .append("\" stroke-width=\"")
                    .append(s.emphasised() ? "3" : "1.8")
                    .append("\"/>");
        }
        for (int i = 0; i < s.values().length; i++) {
            double v = s.values()[i];
            if (Double.isFinite(v)) {
                svg.append("<circle cx=\"")
                        .append(Html.coordinate(x(i + 1, epochs)))
                        .append("\" cy=\"")
                        .append(Html.coordinate(y.map(v, HEIGHT - BOTTOM, TOP)))
                        .append("\" r=\"3\" fill=\"")
                        .append(s.color())
                        .append("\"><title>")
                        .append(Html.escape(s.name()))
                        .append(", epoch ")
                        .append(i + 1)
                        .append(": ")
                        .append(Html.figure(v))
                        .append("</title></circle>");
            }
        }
    }

    /** Right-aligned between the title and the plot, in series order. */
    private void legend(StringBuilder svg) {
        double x = WIDTH
                - RIGHT
                - series.stream().mapToDouble(LineChart::legendWidth).sum();
        for (Series s : series) {
            svg.append("<rect x=\"")
                    .append(Html.coordinate(x))
                    .append("\" y=\"24\" width=\"12\" height=\"4\" fill=\"")
                    .append(s.color())
                    .append("\"/>");
            svg.append(text(x + 16, 30, "start", "legend", s.name()));
            x += legendWidth(s);
        }
    }

    /** Swatch, gap and an estimate of the name's width at 11px. */
    private static double legendWidth(Series s) {
        return 26 + 7 * s.name().length();
    }

    private static double x(int epoch, int epochs) {
        if (epochs <= 1) {
            return (LEFT + WIDTH - RIGHT) / 2.0;
        }
        double inset = 14;
        return LEFT + inset + (epoch - 1) * (WIDTH - RIGHT - LEFT - 2 * inset) / (epochs - 1.0);
    }
}
