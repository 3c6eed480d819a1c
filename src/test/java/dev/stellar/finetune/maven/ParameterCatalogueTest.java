package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Every parameter given a value of the wrong type or out of range fails the build before any work, with
 * the parameter, the value and the fix (the messages are printed, one per line, for review).
 */
@MojoTest
class ParameterCatalogueTest {

    private record Case(String parameter, String value, BiConsumer<TrainMojo, String> set) {}

    private static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        add(cases, "batchSize", "abc", (m, v) -> m.batchSize = v);
        add(cases, "batchSize", "0", (m, v) -> m.batchSize = v);
        add(cases, "epochs", "three", (m, v) -> m.epochs = v);
        add(cases, "epochs", "0", (m, v) -> m.epochs = v);
        add(cases, "learningRate", "fast", (m, v) -> m.learningRate = v);
        add(cases, "learningRate", "-1e-5", (m, v) -> m.learningRate = v);
        add(cases, "weightDecay", "-0.01", (m, v) -> m.weightDecay = v);
        add(cases, "warmupRatio", "1.5", (m, v) -> m.warmupRatio = v);
        add(cases, "maxGradNorm", "-1", (m, v) -> m.maxGradNorm = v);
        add(cases, "maxLength", "4", (m, v) -> m.maxLength = v);
        add(cases, "maxLength", "128.5", (m, v) -> m.maxLength = v);
        add(cases, "freezeLayerCount", "-2", (m, v) -> m.freezeLayerCount = v);
        add(cases, "freezeLayerCount", "all", (m, v) -> m.freezeLayerCount = v);
        add(cases, "validationFraction", "1", (m, v) -> m.validationFraction = v);
        add(cases, "testFraction", "-0.1", (m, v) -> m.testFraction = v);
        add(cases, "classifierDropout", "1.0", (m, v) -> m.classifierDropout = v);
        add(cases, "classifierHiddenSizes", "256,big", (m, v) -> m.classifierHiddenSizes = v);
        add(cases, "classifierHiddenSizes", "0", (m, v) -> m.classifierHiddenSizes = v);
        add(cases, "earlyStoppingPatience", "-1", (m, v) -> m.earlyStoppingPatience = v);
        add(cases, "minAccuracy", "85", (m, v) -> m.minAccuracy = v);
        add(cases, "minF1", "high", (m, v) -> m.minF1 = v);
        add(cases, "seed", "0x2a", (m, v) -> m.seed = v);
        add(cases, "threads", "0", (m, v) -> m.threads = v);
        add(cases, "checkpointEverySteps", "-5", (m, v) -> m.checkpointEverySteps = v);
        add(cases, "pooling", "max", (m, v) -> m.pooling = v);
        add(cases, "exportFormats", "torchscript", (m, v) -> m.exportFormats = v);
        add(cases, "selectBestBy", "auc", (m, v) -> m.selectBestBy = v);
        add(cases, "classWeights", "inverse", (m, v) -> m.classWeights = v);
        add(cases, "classWeights", "positive=-2", (m, v) -> m.classWeights = v);
        add(cases, "gateSplit", "train", (m, v) -> m.gateSplit = v);
        add(cases, "textColumns", "a,b,c", (m, v) -> m.textColumns = java.util.List.of(v));
        add(cases, "labels", "positive", (m, v) -> m.labels = java.util.List.of(v));
        add(cases, "labels", "a,b,a", (m, v) -> m.labels = java.util.List.of(v));
        add(cases, "device", "tpu", (m, v) -> m.device = v);
        add(cases, "device", "gpu:first", (m, v) -> m.device = v);
        add(cases, "libtorch", "no/such/libtorch", (m, v) -> m.libtorch = new java.io.File(v));
        return cases;
    }

    private static void add(
            Map<String, Case> cases, String parameter, String value, BiConsumer<TrainMojo, String> set) {
        cases.put(parameter + "=" + value, new Case(parameter, value, set));
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "fork", value = "false")
    void everyBadValueNamesTheParameterTheValueAndTheFix(TrainMojo mojo) {
        Map<String, String> defaults = snapshot(mojo);
        for (Case c : cases().values()) {
            restore(mojo, defaults);
            c.set().accept(mojo, c.value());
            var e = assertThrows(MojoExecutionException.class, mojo::execute, c.parameter() + "=" + c.value());
            System.out.println(c.parameter() + " = " + c.value() + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("Invalid " + c.parameter() + " = "), e.getMessage());
            assertTrue(e.getMessage().contains(". Fix: "), e.getMessage());
        }
    }

    private static Map<String, String> snapshot(TrainMojo m) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("batchSize", m.batchSize);
        values.put("epochs", m.epochs);
        values.put("learningRate", m.learningRate);
        values.put("weightDecay", m.weightDecay);
        values.put("warmupRatio", m.warmupRatio);
        values.put("maxGradNorm", m.maxGradNorm);
        values.put("maxLength", m.maxLength);
        values.put("freezeLayerCount", m.freezeLayerCount);
        values.put("validationFraction", m.validationFraction);
        values.put("testFraction", m.testFraction);
        values.put("classifierDropout", m.classifierDropout);
        values.put("classifierHiddenSizes", m.classifierHiddenSizes);
        values.put("earlyStoppingPatience", m.earlyStoppingPatience);
        values.put("seed", m.seed);
        values.put("checkpointEverySteps", m.checkpointEverySteps);
        values.put("pooling", m.pooling);
        values.put("selectBestBy", m.selectBestBy);
        values.put("gateSplit", m.gateSplit);
        values.put("classWeights", m.classWeights);
        return values;
    }

    private static void restore(TrainMojo m, Map<String, String> v) {
        m.batchSize = v.get("batchSize");
        m.epochs = v.get("epochs");
        m.learningRate = v.get("learningRate");
        m.weightDecay = v.get("weightDecay");
        m.warmupRatio = v.get("warmupRatio");
        m.maxGradNorm = v.get("maxGradNorm");
        m.maxLength = v.get("maxLength");
        m.freezeLayerCount = v.get("freezeLayerCount");
        m.validationFraction = v.get("validationFraction");
        m.testFraction = v.get("testFraction");
        m.classifierDropout = v.get("classifierDropout");
        m.classifierHiddenSizes = v.get("classifierHiddenSizes");
        m.earlyStoppingPatience = v.get("earlyStoppingPatience");
        m.seed = v.get("seed");
        m.checkpointEverySteps = v.get("checkpointEverySteps");
        m.pooling = v.get("pooling");
        m.selectBestBy = v.get("selectBestBy");
        m.gateSplit = v.get("gateSplit");
        m.classWeights = v.get("classWeights");
        m.minAccuracy = null;
        m.minF1 = null;
        m.threads = null;
        m.textColumns = java.util.List.of("text");
        m.labels = null;
        m.exportFormats = null;
        m.device = "auto";
        m.libtorch = null;
    }
}
