package dev.stellar.finetune.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every out-of-range value is refused with the parameter, the value and the fix. */
class SettingsTest {

    private static TrainingSettings training(int epochs, int batch, double lr) {
        return new TrainingSettings(0, epochs, batch, lr, 0.01, 0.1, 1.0, SelectBestBy.VALIDATION_LOSS, 0);
    }

    @Test
    void nonPositiveBatchSize() {
        var e = assertThrows(ConfigurationException.class, () -> training(3, 0, 5e-5));
        assertEquals(
                "Invalid batchSize = 0: must be at least 1. Fix: set <batchSize> to a positive number such as 32",
                e.getMessage());
        assertEquals("batchSize", e.parameter());
    }

    @Test
    void nonPositiveLearningRate() {
        var e = assertThrows(ConfigurationException.class, () -> training(3, 32, -1e-5));
        assertEquals(
                "Invalid learningRate = -1.0E-5: must be a positive number. Fix: set <learningRate> to a positive"
                        + " number such as 5e-5",
                e.getMessage());
    }

    @Test
    void freezeBelowMinusOne() {
        var e = assertThrows(
                ConfigurationException.class, () -> new TrainingSettings(-2, 3, 32, 5e-5, 0.01, 0.1, 1.0, null, 0));
        assertEquals("freezeLayerCount", e.parameter());
    }

    @Test
    void unknownPoolingAndCriterion() {
        assertEquals(
                "Invalid pooling = max: unknown pooling. Fix: use one of pooler, cls, mean, or leave it out for the"
                        + " model's own",
                assertThrows(ConfigurationException.class, () -> Pooling.parse("max"))
                        .getMessage());
        assertEquals(
                "Invalid selectBestBy = auc: unknown criterion. Fix: use one of validation-loss, accuracy, f1, precision,"
                        + " recall, mcc, roc-auc, pr-auc, log-loss, ece, macro-f1, micro-f1, hamming-loss, mse, mae, r2,"
                        + " pearson, spearman",
                assertThrows(ConfigurationException.class, () -> SelectBestBy.parse("auc"))
                        .getMessage());
    }

    @Test
    void selectBestByTakesEveryMetricInItsDirection() {
        for (Metric metric : Metric.values()) {
            SelectBestBy criterion = SelectBestBy.parse(metric.id());
            assertEquals(metric, criterion.metric());
            assertEquals(metric.higherIsBetter(), criterion.isBetter(0.6, 0.5), metric.id());
            assertFalse(criterion.isBetter(Double.NaN, 0.5), "NaN is never better");
        }
        assertEquals(SelectBestBy.VALIDATION_LOSS, SelectBestBy.parse("validation-loss"));
        assertEquals(SelectBestBy.ROC_AUC, SelectBestBy.parse(" ROC-AUC "));
        assertEquals("validation ROC AUC", SelectBestBy.ROC_AUC.figure());
        assertEquals("validation loss", SelectBestBy.VALIDATION_LOSS.figure());
    }

    @Test
    void threeTextColumns() {
        var e = assertThrows(ConfigurationException.class, () -> data(List.of("a", "b", "c"), 128));
        assertEquals("textColumns", e.parameter());
    }

    @Test
    void tinyMaxLength() {
        assertEquals(
                "maxLength",
                assertThrows(ConfigurationException.class, () -> data(List.of("text"), 2))
                        .parameter());
    }

    @Test
    void gateOnAnUnknownSplit() {
        assertEquals(
                "Invalid gateSplit = train: names no split role. Fix: use validation or test",
                assertThrows(ConfigurationException.class, () -> new GateSettings(0.8, null, "train", true))
                        .getMessage());
    }

    @Test
    void accuracyAboveOne() {
        assertEquals(
                "minAccuracy",
                assertThrows(ConfigurationException.class, () -> new GateSettings(80.0, null, null, true))
                        .parameter());
    }

    private static DataSettings data(List<String> columns, int maxLength) {
        return new DataSettings("data", Map.of(), columns, "label", List.of(), "train", null, null, 0.1, 0, maxLength);
    }
}
