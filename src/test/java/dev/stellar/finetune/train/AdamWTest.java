package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.testing.TestModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @Test
    void decaysWeightsButNotBiasesOrLayerNorm() {
        assertTrue(AdamW.decays("bert.encoder.layer.0.attention.self.query.weight"));
        assertTrue(AdamW.decays("classifier.0.weight"));
        assertFalse(AdamW.decays("classifier.0.bias"));
        assertFalse(AdamW.decays("bert.embeddings.LayerNorm.weight"));
        assertFalse(AdamW.decays("bert.encoder.layer.3.output.LayerNorm.bias"));
    }

    /** Two updates against PyTorch's AdamW formula, computed here in double precision. */
    @Test
    void updatesAsPytorchAdamW() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            Parameter weight = Parameter.builder()
                    .setName("w.weight")
                    .setType(Parameter.Type.WEIGHT)
                    .build();
            weight.setArray(manager.create(new float[] {0.5f, -1f}));
            Parameter bias = Parameter.builder()
                    .setName("w.bias")
                    .setType(Parameter.Type.BIAS)
                    .build();
            bias.setArray(manager.create(new float[] {0.25f}));
            params.put("w.weight", weight);
            params.put("w.bias", bias);
            AdamW adam = new AdamW(params, 0.1, manager);
            double[][] grads = {{0.2, -0.4}, {0.1, 0.3}};
            double[] w = {0.5, -1};
            double[] m = new double[2];
            double[] v = new double[2];
            List<NDArray> gradientsSeen = new java.util.ArrayList<>();
            for (int t = 1; t <= 2; t++) {
                double lr = 1e-2;
                double gradientScale = t == 1 ? 0.5 : 1.0;
                NDArray gw = manager.create(new float[] {(float) grads[t - 1][0], (float) grads[t - 1][1]});
                NDArray gb = manager.create(new float[] {0.05f});
                adam.step(lr, List.of(gw, gb), gradientScale);
                gradientsSeen.clear();
                gradientsSeen.add(gw);
                gradientsSeen.add(gb);
                for (int i = 0; i < 2; i++) {
                    double g = grads[t - 1][i] * gradientScale;
                    w[i] -= lr * 0.1 * w[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
            float[] actual = weight.getArray().toFloatArray();
            assertEquals(w[0], actual[0], 1e-6);
            assertEquals(w[1], actual[1], 1e-6);
            // The bias saw gradients 0.025 then 0.05 and no decay: steps of 0.01 and 0.0096518.
            assertEquals(0.25 - 0.01 - 0.0096518, bias.getArray().toFloatArray()[0], 1e-6);
            // The gradients are zeroed for the next step's accumulation.
            assertEquals(0f, gradientsSeen.get(0).abs().sum().getFloat());
            assertEquals(0f, gradientsSeen.get(1).abs().sum().getFloat());
        }
    }
}
