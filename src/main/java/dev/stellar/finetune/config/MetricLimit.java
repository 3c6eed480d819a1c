package dev.stellar.finetune.config;

/**
 * One rule of the quality gate: a metric of the gated split and the bounds it must keep (JaCoCo's {@code limit}).
 *
 * @param metric the figure
 * @param minimum the lowest value that passes, or {@code null} for none
 * @param maximum the highest value that passes, or {@code null} for none
 * @param source where the POM set it, for messages: {@code gates/gate[2]}, or {@code finetune.minAccuracy}
 */
public record MetricLimit(Metric metric, Double minimum, Double maximum, String source) {

    /**
     * The {@code index}th (from 1) {@code <gate>} of {@code <gates>} as the POM gives it.
     *
     * @throws ConfigurationException naming {@code gates/gate[index]/...}, the value and the fix
     */
    public static MetricLimit parse(int index, String metric, String minimum, String maximum) {
        String source = "gates/gate[" + index + "]";
        return new MetricLimit(
                Metric.parse(source + "/metric", metric),
                ParameterValues.optionalNumber(source + "/minimum", minimum, "0.8"),
                ParameterValues.optionalNumber(source + "/maximum", maximum, "0.3"),
                source);
    }

    public MetricLimit {
        if (minimum == null && maximum == null) {
            throw new ConfigurationException(
                    source, metric.id(), "sets no bound", "give the gate a <minimum>, a <maximum>, or both");
        }
        if (minimum != null && maximum != null && minimum > maximum) {
            throw new ConfigurationException(
                    source + "/minimum",
                    String.valueOf(minimum),
                    "is above the gate's maximum " + maximum,
                    "set a minimum no higher than the maximum");
        }
    }
}
