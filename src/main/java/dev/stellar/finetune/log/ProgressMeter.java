package dev.stellar.finetune.log;

/** Measures rate and ETA of one task and reports each step to a {@link BuildLog}. */
public final class ProgressMeter {

    private final BuildLog log;
    private final String task;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long done;

    public ProgressMeter(BuildLog log, String task, long total, String unit) {
        this.log = log;
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    /** Records {@code units} more finished and reports. */
    public void advance(long units, String detail) {
        done += units;
        double seconds = elapsedSeconds();
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        log.progress(new Progress(task, done, total, unit, rate, eta, detail));
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public double rate() {
        double seconds = elapsedSeconds();
        return seconds > 0 ? done / seconds : 0;
    }
}
