package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every family's golden test proves against its fixture's float64 reference, for every layer kernel:
 * the encoder's last_hidden_state, and the logits of the family's own head (classifierHiddenSizes=none) with
 * the fixture's head weights, which are its *ForSequenceClassification's.
 */
abstract class FamilyGoldenTest {

    /** The family's fixture. */
    abstract GoldenFamily fixture();

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateMatchesTheReference(String name, KernelKind kernel, double tolerance) throws Exception {
        double error = fixture().lastHiddenStateError(kernel);
        assertTrue(error < tolerance, "last_hidden_state differs by " + error);
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void logitsOfTheOwnHeadMatchTheSequenceClassificationReference(String name, KernelKind kernel, double tolerance)
            throws Exception {
        double error = fixture().logitsError(kernel);
        assertTrue(error < tolerance, "logits differ by " + error);
    }
}
