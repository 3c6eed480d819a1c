package dev.stellar.finetune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart axis over round numbers: the data range widened to whole steps of 1, 2, 2.5 or 5 times a power of
 * ten, so tick labels read 0.80, 0.85, 0.90 rather than 0.8137.
 */
record Axis(double low, double high, double step) {

    private static final double[] STEPS = {1, 2, 2.5, 5, 10};

    /** An axis covering {@code min..max} with about {@code ticks} intervals. */
    static Axis covering(double min, double max, int ticks) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return new Axis(0, 1, 0.25);
        }
        if (max - min < 1e-9) {
            double pad = Math.abs(min) < 1e-9 ? 1 : Math.abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        double raw = (max - min) / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double s : STEPS) {
            if (s * magnitude >= raw) {
                step = s * magnitude;
                break;
            }
        }
        return new Axis(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, step);
    }

    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; low + i * step <= high + step * 1e-6; i++) {
            ticks.add(low + i * step);
        }
        return ticks;
    }

    /** Where {@code value} falls between {@code from} (at low) and {@code to} (at high). */
    double map(double value, double from, double to) {
        return from + (value - low) / (high - low) * (to - from);
    }

    String label(double value) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(step * Math.pow(10, decimals) - Math.round(step * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
