package dev.stellar.finetune.report;

/**
 * What every chart of the report shares: its size, margins, title, horizontal grid with value labels and
 * baseline, so the charts line up when they sit side by side.
 */
final class ChartFrame {

    static final int WIDTH = 520;
    static final int LEFT = 58;
    static final int RIGHT = 16;
    static final int TOP = 46;
    static final int BOTTOM = 42;

    private ChartFrame() {}

    /** The opening svg element and its title (for screen readers and as the heading drawn in the chart). */
    static void open(StringBuilder svg, String cssClass, int height, String title) {
        svg.append("<svg class=\"")
                .append(cssClass)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append(text(LEFT, 16, "start", "chart-title", title));
    }

    /** Grid lines at the axis's ticks with their labels, and the baseline. */
    static void grid(StringBuilder svg, Axis y, int height) {
        for (double tick : y.ticks()) {
            double at = y.map(tick, height - BOTTOM, TOP);
            svg.append("<line x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(Html.coordinate(at))
                    .append("\" y2=\"")
                    .append(Html.coordinate(at))
                    .append("\" stroke=\"#e3e3e3\"/>");
            svg.append(text(LEFT - 6, at + 4, "end", "tick", y.label(tick)));
        }
        int bottom = height - BOTTOM;
        svg.append("<line x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y1=\"")
                .append(bottom)
                .append("\" y2=\"")
                .append(bottom)
                .append("\" stroke=\"#888\"/>");
    }

    /** A dashed vertical marker from the top of the plot to the baseline, labelled on whichever side has room. */
    static void marker(StringBuilder svg, String cssClass, double x, int height, String color, String label) {
        svg.append("<line class=\"")
                .append(cssClass)
                .append("\" x1=\"")
                .append(Html.coordinate(x))
                .append("\" x2=\"")
                .append(Html.coordinate(x))
                .append("\" y1=\"")
                .append(TOP)
                .append("\" y2=\"")
                .append(height - BOTTOM)
                .append("\" stroke=\"")
                .append(color)
                .append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>");
        boolean right = x < WIDTH - RIGHT - 110;
        svg.append(text(x + (right ? 5 : -5), TOP + 10, right ? "start" : "end", "mark-label", label));
    }

    static void xLabel(StringBuilder svg, int height, String label) {
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, height - 6, "middle", "axis-label", label));
    }

    static String text(double x, double y, String anchor, String cssClass, String content) {
        return "<text class=\"" + cssClass + "\" x=\"" + Html.coordinate(x) + "\" y=\"" + Html.coordinate(y)
                + "\" text-anchor=\"" + anchor + "\">" + Html.escape(content) + "</text>";
    }
}
