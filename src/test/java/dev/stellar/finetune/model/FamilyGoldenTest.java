package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    /** A training pass reaches every parameter: none is left out of the graph by the family's wiring. */
    @Test
    void aTrainingPassGivesEveryParameterAGradient() throws Exception {
        JsonObject c = fixture().cases().get(0);
        try (ClassifierModel model = fixture().classifier(KernelKind.FP32);
                NDManager step = model.manager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            new FreezePlan(0, model.network().encoder().layers().size()).apply(model);
            NDArray logits = model.network()
                    .forward(model.parameterStore(), GoldenCases.inputs(step, c), true)
                    .singletonOrThrow();
            collector.backward(logits.sum());
            List<String> without = new ArrayList<>();
            model.trainableParameters().forEach((name, p) -> {
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(step);
                if (gradient.abs().sum().getFloat() == 0) {
                    without.add(name);
                }
            });
            assertEquals(
                    model.network().namedParameters().size(),
                    model.trainableParameters().size());
            assertEquals(List.of(), without, "parameters without a gradient");
        }
    }
}
