package dev.stellar.finetune.model.modernbert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training through the TorchScript layer: its backward gives the gradients of the eager layer (DJL's ops,
 * autograd op by op) for every trained parameter, with the first layer frozen (the frozen prefix) and the
 * fixture's dropouts at 0, so both passes are deterministic.
 */
class ModernBertGradientTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @Test
    void theScriptedLayersGradientsAreTheEagerLayers() throws Exception {
        Map<String, float[]> eager = gradients(KernelKind.EAGER);
        Map<String, float[]> scripted = gradients(KernelKind.FP32);
        assertEquals(eager.keySet(), scripted.keySet());
        assertTrue(eager.containsKey("model.final_norm.weight"), "final_norm trains");
        assertTrue(eager.containsKey("model.layers.1.attn_norm.weight"), String.valueOf(eager.keySet()));
        double worst = 0;
        for (String name : eager.keySet()) {
            float[] e = eager.get(name);
            float[] s = scripted.get(name);
            double scale = 0;
            double difference = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i]));
                difference = Math.max(difference, Math.abs(e[i] - s[i]));
            }
            assertTrue(scale > 0, name + " gets no gradient");
            worst = Math.max(worst, difference / scale);
        }
        System.out.printf("tiny-modernbert fp32 vs eager gradients: max relative |diff| %.3g%n", worst);
        assertTrue(worst < 1e-4, "gradients differ by " + worst + " of their largest value");
    }

    /** The gradient of the logits' sum for each trained parameter, layer 0 and the embeddings frozen. */
    private static Map<String, float[]> gradients(KernelKind kernel) throws Exception {
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        ModernBertGoldenTest.preview(),
                        new HeadSettings(List.of(), 0.0, Pooling.MEAN),
                        List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                        1,
                        kernel,
                        new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            new FreezePlan(1, 3).apply(model);
            NDList inputs = GoldenCases.inputs(
                    step, GoldenCases.cases(TestModels.tinyModernBert()).get(0));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.network()
                        .forward(model.parameterStore(), inputs, true)
                        .singletonOrThrow();
                collector.backward(logits.sum());
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            model.trainableParameters().forEach((name, p) -> {
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(step);
                gradients.put(name, gradient.toFloatArray());
            });
            return gradients;
        }
    }
}
