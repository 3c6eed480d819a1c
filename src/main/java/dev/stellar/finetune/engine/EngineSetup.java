package dev.stellar.finetune.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.EngineSettings;
import dev.stellar.finetune.config.FinetuneException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts DJL's PyTorch engine the way this plugin needs it: offline unless the user allowed downloads, on
 * the platform's CPU build of libtorch (the {@link LibtorchArtifact} jar the Maven adapter resolved and put on the
 * classpath) or the user's own (a CUDA build), with the configured number of threads, and chooses the device. The
 * settings only take effect before the engine's first start in a JVM.
 */
public final class EngineSetup {

    private static final String ENGINE = "PyTorch";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    /** The CUDA flavor of DJL's JNI in pytorch-jni 2.7.1 (and of the libtorch it downloads). */
    static final String CUDA_FLAVOR = "cu128";

    private EngineSetup() {}

    /** Starts the engine on the CPU build with the default device choice. */
    public static synchronized Engine start(int threads, long seed) {
        start(threads, seed, EngineSettings.defaults());
        return Engine.getEngine(ENGINE);
    }

    /** Starts the engine and returns the device it computes on (also {@link ComputeDevice#current()}). */
    public static synchronized ComputeDevice start(int threads, long seed, EngineSettings settings) {
        System.setProperty("ai.djl.offline", Boolean.toString(!settings.engineDownload()));
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        // One layer's operators depend on each other, so inter-op threads only compete with intra-op ones;
        // a -Dai.djl.pytorch.num_interop_threads in jvmArgs still wins.
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        // Batches change shape every step; the profiling graph executor would re-specialise each time.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        pointAtLibtorch(settings);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(engineClassLoader(previous));
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE);
            engine.setRandomSeed((int) seed);
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            throw notStarted(settings, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        ComputeDevice device = ComputeDevice.select(settings.device(), Accelerators.of(engine));
        if (device.isGpu()) {
            checkUsable(device, settings);
        }
        ComputeDevice.use(device);
        return device;
    }

    /**
     * DJL reads these as environment variables or system properties (the environment wins, so a user's own
     * PYTORCH_* settings stay in force).
     */
    private static void pointAtLibtorch(EngineSettings settings) {
        Path libtorch = settings.libtorch();
        if (libtorch != null) {
            System.setProperty("PYTORCH_LIBRARY_PATH", libtorch.toAbsolutePath().toString());
            // DJL takes its JNI from the folder if present, else from pytorch-jni's folder for this flavor.
            if (System.getProperty("PYTORCH_FLAVOR") == null) {
                System.setProperty("PYTORCH_FLAVOR", hasCuda(libtorch) ? CUDA_FLAVOR : "cpu");
            }
        } else if (settings.engineDownload()
                && settings.device().requiresGpu()
                && System.getProperty("PYTORCH_FLAVOR") == null) {
            System.setProperty("PYTORCH_FLAVOR", CUDA_FLAVOR);
        }
    }

    static boolean hasCuda(Path libtorch) {
        return Files.exists(libtorch.resolve("libtorch_cuda.so")) || Files.exists(libtorch.resolve("torch_cuda.dll"));
    }

    /** A first allocation on the GPU, so a driver or index problem is named here, not mid-training. */
    private static void checkUsable(ComputeDevice device, EngineSettings settings) {
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            manager.ones(new Shape(1)).toFloatArray();
        } catch (EngineException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "device",
                    settings.device().id(),
                    "CUDA could not allocate on " + device.device() + ": " + e.getMessage(),
                    "check that nvidia-smi lists that GPU and that its driver supports the CUDA of your libtorch;"
                            + " or use device cpu",
                    e);
        }
    }

    private static FinetuneException notStarted(EngineSettings settings, Throwable e) {
        if (settings.libtorch() != null) {
            return new ConfigurationException(
                    "libtorch",
                    settings.libtorch(),
                    "the PyTorch engine did not start with the libtorch there: " + e.getMessage(),
                    "use libtorch 2.7.1 (the version the JNI in pytorch-jni 2.7.1 is built for), for CUDA 12.8 or"
                            + " the CPU, or remove <libtorch> to run on libtorch's CPU build from Maven Central",
                    e);
        }
        NativePlatform platform = NativePlatform.current();
        if (!platform.supported()) {
            return new FinetuneException(
                    "The PyTorch engine did not start. " + platform.unsupportedMessage() + " (" + e.getMessage() + ")",
                    e);
        }
        return new FinetuneException(
                "The PyTorch engine did not start: " + e.getMessage() + ". It needs "
                        + LibtorchArtifact.forPlatform(platform).fileName()
                        + " on its classpath, which the plugin resolves through Maven before each job (the worker's"
                        + " classpath; in-process, a class loader over the jar).",
                e);
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
