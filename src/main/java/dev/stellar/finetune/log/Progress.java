package dev.stellar.finetune.log;

import java.util.Locale;

/**
 * How far a long task has come.
 *
 * @param task what is running, e.g. "epoch 1/3"
 * @param done units finished so far
 * @param total units in all
 * @param unit what one unit is, e.g. "samples"
 * @param ratePerSecond units per second so far
 * @param etaSeconds seconds left at that rate
 * @param detail short extra figures, e.g. the running loss; may be empty
 */
public record Progress(
        String task, long done, long total, String unit, double ratePerSecond, double etaSeconds, String detail) {

    public double fraction() {
        return total <= 0 ? 1 : Math.min(1, (double) done / total);
    }

    /** "epoch 1/3: 640/2160 samples (30%), 61.2 samples/s, ETA 0:25, loss 0.512" */
    public String describe() {
        String text = String.format(
                Locale.ROOT,
                "%s: %d/%d %s (%d%%), %.1f %s/s, ETA %s",
                task,
                done,
                total,
                unit,
                Math.round(fraction() * 100),
                ratePerSecond,
                unit,
                Durations.clock(etaSeconds));
        return detail == null || detail.isEmpty() ? text : text + ", " + detail;
    }
}
