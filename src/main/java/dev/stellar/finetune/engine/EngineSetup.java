package dev.stellar.finetune.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.stellar.finetune.config.FinetuneException;

/**
 * Starts DJL's PyTorch engine the way this plugin needs it: offline (libtorch comes from the classpath
 * jar, nothing is downloaded) with the configured number of threads. The thread settings only take
 * effect before the engine's first start in a JVM.
 */
public final class EngineSetup {

    private static final String ENGINE = "PyTorch";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private EngineSetup() {}

    public static synchronized Engine start(int threads, long seed) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        // One layer's operators depend on each other, so inter-op threads only compete with intra-op ones;
        // a -Dai.djl.pytorch.num_interop_threads in jvmArgs still wins.
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        // Batches change shape every step; the profiling graph executor would re-specialise each time.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(EngineSetup.class.getClassLoader());
        try {
            Engine engine = Engine.getEngine(ENGINE);
            engine.setRandomSeed((int) seed);
            return engine;
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            NativePlatform platform = NativePlatform.current();
            if (!platform.carried()) {
                throw platform.notCarried(e.getMessage());
            }
            throw new FinetuneException(
                    "The PyTorch engine did not start: " + e.getMessage()
                            + ". It needs linux-x86_64 and the pytorch-native-cpu jar on the plugin's classpath.",
                    e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
