package dev.stellar.finetune.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TorchScript modules compiled once per JVM from their source and kept for its lifetime. libtorch's
 * profiling graph executor is turned off: batches change shape every step (dynamic padding), and it
 * would re-specialise for each shape.
 */
public final class ScriptedModules {

    private static final Map<String, PtSymbolBlock> LOADED = new ConcurrentHashMap<>();
    private static final NDManager MEMORY = NDManager.newBaseManager();

    private ScriptedModules() {}

    public static PtSymbolBlock get(String className, String source) {
        return LOADED.computeIfAbsent(source, s -> load(className, s));
    }

    private static PtSymbolBlock load(String className, String source) {
        try {
            Path archive = Files.createTempFile("finetune-" + className, ".pt");
            try {
                TorchScriptArchive.write(archive, className, source);
                JniUtils.setGraphExecutorOptimize(false);
                PtSymbolBlock module =
                        JniUtils.loadModule((PtNDManager) MEMORY, archive, false, new String[0], new String[0], false);
                // DJL's block starts out believing it is in training mode and only switches when asked for the
                // other one, while the module loads in eval mode: without this, every forward pass until the
                // first inference call ran without dropout (a whole first epoch of training).
                JniUtils.enableTrainingMode(module);
                return module;
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException | RuntimeException e) {
            throw new FinetuneException(
                    "The engine could not compile its " + className + " kernel: " + e.getMessage()
                            + ". Fix: report this with the worker's log; it is a defect of the plugin.",
                    e);
        }
    }
}
