package dev.stellar.finetune.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.stellar.finetune.config.FinetuneException;

/**
 * Starts DJL's PyTorch engine the way this plugin needs it: offline (libtorch comes from the platform's
 * {@link LibtorchArtifact} jar that the Maven adapter put on the classpath, nothing is downloaded) with the
 * configured number of threads. The thread settings only take
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
        Thread.currentThread().setContextClassLoader(engineClassLoader(previous));
        try {
            Engine engine = Engine.getEngine(ENGINE);
            engine.setRandomSeed((int) seed);
            return engine;
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            NativePlatform platform = NativePlatform.current();
            if (!platform.supported()) {
                throw new FinetuneException(
                        "The PyTorch engine did not start. " + platform.unsupportedMessage() + " (" + e.getMessage()
                                + ")",
                        e);
            }
            throw new FinetuneException(
                    "The PyTorch engine did not start: " + e.getMessage() + ". It needs "
                            + LibtorchArtifact.forPlatform(platform).fileName()
                            + " on its classpath, which the plugin resolves through Maven before each job (the"
                            + " worker's classpath; in-process, a class loader over the jar).",
                    e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * DJL finds libtorch's jar through the context class loader. The caller's is kept when it delegates to the
     * plugin's (in-process, a loader over the native jar whose parent is the plugin's); else the plugin's own.
     */
    private static ClassLoader engineClassLoader(ClassLoader context) {
        ClassLoader own = EngineSetup.class.getClassLoader();
        for (ClassLoader loader = context; loader != null; loader = loader.getParent()) {
            if (loader == own) {
                return context;
            }
        }
        return own;
    }
}
