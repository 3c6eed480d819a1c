package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /**
     * Training, dropout and all, the low-precision kernels follow the fp32 kernel to their rounding: with the same
     * seed every kernel draws the same dropout masks, so the gradients of one training pass agree. Another seed
     * (other masks) moves them far more, which shows the comparison would see a path that differs.
     */
    @Test
    void theLowPrecisionKernelsTrainWithTheFp32KernelsGradients() throws Exception {
        JsonObject c = fixture().cases().get(0);
        Map<String, float[]> fp32 = gradients(KernelKind.FP32, c, 5);
        double otherMasks = relativeDifference(gradients(KernelKind.FP32, c, 6), fp32);
        assertTrue(otherMasks > 0.05, "other masks move the gradients by " + otherMasks);
        for (KernelKind kind : List.of(KernelKind.BF16, KernelKind.FP16)) {
            double difference = relativeDifference(gradients(kind, c, 5), fp32);
            System.out.printf(
                    "%s %s: gradients differ from fp32 by %.4f, with other masks %.4f%n",
                    fixture().name(), kind, difference, otherMasks);
            assertTrue(difference < otherMasks / 3, kind + " gradients differ by " + difference);
            assertTrue(
                    difference < (kind == KernelKind.BF16 ? 0.03 : 0.01), kind + " gradients differ by " + difference);
        }
    }

    /**
     * Backward through the scripted fp32 kernel gives eager ops' gradients (the reference). The fixture is copied
     * with every dropout rate of its config.json at 0, as the layers of the two draw their masks differently; the
     * head's dropout is the same code in both and draws the same mask from the same seed.
     */
    @Test
    void theScriptedKernelsGradientsAreTheEagerOnes(@TempDir Path temp) throws Exception {
        JsonObject c = fixture().cases().get(0);
        ModelDirectory withoutDropout = withoutDropout(temp);
        double difference = relativeDifference(
                gradients(withoutDropout, KernelKind.FP32, c, 5), gradients(withoutDropout, KernelKind.EAGER, c, 5));
        System.out.printf(
                "%s: scripted fp32 gradients differ from eager ones by %.3g%n",
                fixture().name(), difference);
        assertTrue(difference < 1e-5, "scripted gradients differ from eager ones by " + difference);
    }

    private ModelDirectory withoutDropout(Path temp) throws Exception {
        Path copy = Files.createDirectories(temp.resolve(fixture().name()));
        try (var files = Files.list(fixture().path())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return ModelDirectory.open(RandomBert.withoutDropout(copy), fixture().name(), true);
    }

    private Map<String, float[]> gradients(KernelKind kind, JsonObject c, int seed) throws Exception {
        return gradients(fixture().directory(), kind, c, seed);
    }

    private Map<String, float[]> gradients(ModelDirectory directory, KernelKind kind, JsonObject c, int seed)
            throws Exception {
        Map<String, float[]> gradients = new java.util.TreeMap<>();
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory, GoldenFamily.OWN_HEAD, GoldenFamily.LABELS, 1, kind, new RecordingLog());
                NDManager step = model.manager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            new FreezePlan(0, model.network().encoder().layers().size()).apply(model);
            Engine.getInstance().setRandomSeed(seed);
            NDArray logits = model.network()
                    .forward(model.parameterStore(), GoldenCases.inputs(step, c), true)
                    .singletonOrThrow();
            collector.backward(logits.square().sum());
            model.trainableParameters().forEach((name, p) -> {
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(step);
                gradients.put(name, gradient.toFloatArray());
            });
        }
        return gradients;
    }

    /** |a - b| / |b| over all parameters' gradients together. */
    private static double relativeDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double difference = 0;
        double norm = 0;
        for (Map.Entry<String, float[]> entry : b.entrySet()) {
            float[] x = a.get(entry.getKey());
            float[] y = entry.getValue();
            for (int i = 0; i < y.length; i++) {
                difference += (x[i] - y[i]) * (double) (x[i] - y[i]);
                norm += y[i] * (double) y[i];
            }
        }
        return Math.sqrt(difference / norm);
    }
}
