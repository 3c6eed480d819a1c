package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.Metric;
import dev.stellar.finetune.config.MetricLimit;
import dev.stellar.finetune.config.ProblemType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every metric, on a split of a problem type that has it, passes a bound on the good side of its value and fails
 * one on the bad side, minimum or maximum as fits it; the failure names the metric and the bound's source.
 */
class EveryMetricGateTest {

    private static final List<String> TWO = List.of("negative", "positive");

    /** A split of each problem type on which every figure of the type is defined. */
    private static ClassificationMetrics split(ProblemType type) {
        return switch (type) {
            case SINGLE_LABEL ->
                ClassificationMetrics.of(
                        new int[] {0, 1, 1, 0, 1, 0},
                        new float[][] {
                            {0.8f, 0.2f}, {0.3f, 0.7f}, {0.6f, 0.4f}, {0.55f, 0.45f}, {0.1f, 0.9f}, {0.4f, 0.6f}
                        },
                        TWO,
                        0.5);
            case MULTI_LABEL ->
                ClassificationMetrics.ofMultiLabel(
                        new float[][] {{1, 0}, {1, 1}, {0, 1}, {0, 0}},
                        new float[][] {{0.9f, 0.2f}, {0.8f, 0.3f}, {0.6f, 0.7f}, {0.2f, 0.4f}},
                        0.5,
                        TWO,
                        0.4);
            case REGRESSION ->
                ClassificationMetrics.ofRegression(
                        new float[][] {{1}, {2}, {3}, {4}}, new float[][] {{1.5f}, {1.8f}, {3.6f}, {3.7f}}, 0.21);
        };
    }

    private static GateVerdict check(Metric metric, Double minimum, Double maximum, ClassificationMetrics m) {
        return QualityGate.check(
                new GateSettings(
                        null,
                        null,
                        "validation",
                        true,
                        List.of(new MetricLimit(metric, minimum, maximum, "gates/gate[1]"))),
                m);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void aBoundOnEitherSideOfTheValuePassesOrFails(Metric metric) {
        for (ProblemType type : ProblemType.values()) {
            if (!metric.appliesTo(type)) {
                continue;
            }
            ClassificationMetrics m = split(type);
            double value = MetricValues.of(metric, m);
            assertTrue(Double.isFinite(value), metric + " of " + type + " is " + value);
            double good = metric.higherIsBetter() ? value - 0.01 : value + 0.01;
            double bad = metric.higherIsBetter() ? value + 0.01 : value - 0.01;
            GateVerdict passes = metric.higherIsBetter() ? check(metric, good, null, m) : check(metric, null, good, m);
            GateVerdict fails = metric.higherIsBetter() ? check(metric, bad, null, m) : check(metric, null, bad, m);
            assertTrue(passes.passed(), metric + " " + type + " " + passes.failures());
            assertFalse(fails.passed(), metric + " " + type);
            assertEquals(1, fails.failures().size());
            String failure = fails.failures().get(0);
            assertTrue(
                    failure.startsWith("Validation " + metric.label() + " ")
                            && failure.contains(metric.higherIsBetter() ? "below the minimum" : "above the maximum")
                            && failure.endsWith("set by gates/gate[1]"),
                    failure);
        }
    }
}
