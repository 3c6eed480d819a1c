package dev.stellar.finetune.train;

/**
 * Linear warm-up from 0 to the peak rate, then linear decay to 0: transformers'
 * get_linear_schedule_with_warmup, where update {@code k} (counted from 0) uses factor(k).
 */
public record LinearWarmupSchedule(double peak, int warmupSteps, int totalSteps) {

    public static LinearWarmupSchedule of(double peak, double warmupRatio, int totalSteps) {
        return new LinearWarmupSchedule(peak, (int) Math.ceil(warmupRatio * totalSteps), totalSteps);
    }

    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
