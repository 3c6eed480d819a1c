package dev.stellar.finetune.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A {@code <gate>} from the POM: what it binds to, and each mistake named with the gate's position and a fix. */
class MetricLimitTest {

    @Test
    void aGateBindsItsMetricAndBounds() {
        MetricLimit limit = MetricLimit.parse(2, " ROC-AUC ", "0.75", null);
        assertEquals(Metric.ROC_AUC, limit.metric());
        assertEquals(0.75, limit.minimum());
        assertEquals(null, limit.maximum());
        assertEquals("gates/gate[2]", limit.source());
        assertEquals(0.3, MetricLimit.parse(1, "log-loss", null, "0.3").maximum());
    }

    @Test
    void anUnknownMetricNamesTheChoices() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> MetricLimit.parse(1, "auc", "0.8", null));
        assertEquals(
                "Invalid gates/gate[1]/metric = auc: names no metric. Fix: use one of accuracy, precision, recall,"
                        + " f1, macro-f1, micro-f1, hamming-loss, mcc, roc-auc, pr-auc, loss, log-loss, ece, mse, mae, r2,"
                        + " pearson, spearman",
                e.getMessage());
    }

    @Test
    void aGateWithoutABoundOrWithCrossedBoundsIsRefused() {
        ConfigurationException none =
                assertThrows(ConfigurationException.class, () -> MetricLimit.parse(3, "mcc", null, " "));
        assertEquals("gates/gate[3]", none.parameter());
        assertEquals(
                "Invalid gates/gate[3] = mcc: sets no bound. Fix: give the gate a <minimum>, a <maximum>, or both",
                none.getMessage());
        ConfigurationException crossed =
                assertThrows(ConfigurationException.class, () -> MetricLimit.parse(1, "f1", "0.9", "0.8"));
        assertEquals("gates/gate[1]/minimum", crossed.parameter());
    }

    @Test
    void aBoundThatIsNotANumberNamesItsPlace() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> MetricLimit.parse(2, "mcc", "high", null));
        assertEquals("gates/gate[2]/minimum", e.parameter());
    }
}
