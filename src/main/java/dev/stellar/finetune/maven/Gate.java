package dev.stellar.finetune.maven;

/**
 * One {@code <gate>} of {@code <gates>}, as Maven fills it from the POM: the metric and its bounds, kept as text
 * so that a bad value is reported by the core with the gate's position.
 */
public class Gate {

    /** The metric's id: accuracy, precision, recall, f1, mcc, roc-auc, pr-auc, loss, log-loss or ece. */
    private String metric;

    /** The lowest value that passes. */
    private String minimum;

    /** The highest value that passes. */
    private String maximum;

    public String getMetric() {
        return metric;
    }

    public void setMetric(String metric) {
        this.metric = metric;
    }

    public String getMinimum() {
        return minimum;
    }

    public void setMinimum(String minimum) {
        this.minimum = minimum;
    }

    public String getMaximum() {
        return maximum;
    }

    public void setMaximum(String maximum) {
        this.maximum = maximum;
    }
}
