package dev.stellar.finetune.report;

import java.util.Locale;

/** Escaping and number formats shared by the report's HTML and SVG (both written as well-formed XML). */
final class Html {

    private Html() {}

    /** Text safe inside elements and double-quoted attributes. */
    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and newlines are not allowed in XML.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A score or loss: three or four decimals, "-" when not measured. */
    static String figure(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A learning rate as people write it: 5e-5, 0.001. */
    static String rate(double value) {
        return Double.toString(value).replace(".0E", "e").replace("E", "e");
    }

    /** SVG coordinates: one decimal is finer than a pixel. */
    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
