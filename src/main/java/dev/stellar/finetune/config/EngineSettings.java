package dev.stellar.finetune.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which libtorch the engine runs and on what. By default the CPU build that the plugin resolves from Maven
 * Central, offline. A CUDA build is the user's to install (Maven Central has none): {@code libtorch} points at
 * its library folder, or {@code engineDownload} lets DJL fetch one into its cache.
 *
 * @param device where tensors live and kernels run
 * @param libtorch a folder holding a libtorch build (libtorch.so, libtorch.dylib or torch.dll) to run instead
 *     of the plugin's CPU build, e.g. a CUDA build; {@code null} for the plugin's own
 * @param engineDownload let DJL download libtorch (its CUDA build when a GPU is asked for) when no local one
 *     serves; off by default, so nothing is downloaded at run time
 */
public record EngineSettings(DeviceSetting device, Path libtorch, boolean engineDownload) {

    public EngineSettings {
        device = device == null ? DeviceSetting.AUTO : device;
        if (libtorch != null && !holdsLibtorch(libtorch)) {
            throw new ConfigurationException(
                    "libtorch",
                    libtorch,
                    Files.isDirectory(libtorch)
                            ? "the folder holds no libtorch library (libtorch.so, libtorch.dylib or torch.dll)"
                            : "no such folder",
                    "point it at the lib folder of an unpacked libtorch 2.7.1 (e.g. <libtorch>/lib) or of pip's"
                            + " torch==2.7.1 package (site-packages/torch/lib), or remove it to use the plugin's"
                            + " CPU build");
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DeviceSetting.AUTO, null, false);
    }

    private static boolean holdsLibtorch(Path folder) {
        return Files.isRegularFile(folder.resolve("libtorch.so"))
                || Files.isRegularFile(folder.resolve("libtorch.dylib"))
                || Files.isRegularFile(folder.resolve("torch.dll"));
    }

    /** Whether the engine needs the plugin's CPU build of libtorch (the native jar) on its classpath. */
    public boolean usesBundledLibtorch() {
        return libtorch == null && !(engineDownload && device.requiresGpu());
    }
}
