package dev.stellar.finetune.engine;

import dev.stellar.finetune.config.FinetuneException;
import java.util.List;
import java.util.Locale;

/**
 * The platform the JVM runs on, named as DJL names its libtorch native jars ({@code linux-x86_64},
 * {@code osx-aarch64}, ...), and whether the plugin carries libtorch for it. When the engine does not start on
 * another platform, the message says what runs where instead of repeating the native loader's error.
 *
 * @param os the operating system part: {@code linux}, {@code osx}, {@code win}, or the JVM's own name
 * @param arch the processor part: {@code x86_64}, {@code aarch64}, or the JVM's own name
 */
public record NativePlatform(String os, String arch) {

    /** The platforms the plugin carries libtorch's CPU build for (pytorch-native-cpu's classifier). */
    public static final List<String> CARRIED = List.of("linux-x86_64");

    /** The running JVM's platform. */
    public static NativePlatform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** From the JVM's {@code os.name} and {@code os.arch} properties. */
    public static NativePlatform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux")
                ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin")
                        ? "osx"
                        : name.startsWith("windows") ? "win" : name.replace(' ', '_');
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new NativePlatform(os, arch);
    }

    /** DJL's classifier for this platform, e.g. {@code linux-x86_64}. */
    public String classifier() {
        return os + "-" + arch;
    }

    public boolean carried() {
        return CARRIED.contains(classifier());
    }

    /**
     * Why the engine did not start on this platform, if the plugin carries no libtorch for it: the platform,
     * where the goals run and what works here.
     *
     * @param cause the engine's own error, kept at the end for the curious
     */
    public FinetuneException notCarried(String cause) {
        return new FinetuneException("The PyTorch engine did not start: this JVM runs on " + classifier()
                + ", and the plugin carries libtorch's CPU build for " + String.join(", ", CARRIED)
                + " only, which prepare-data, freeze-and-train, evaluate, predict and benchmark need. Fix: run"
                + " the build on Linux x86-64 (a CI runner, a container, or WSL2 on Windows); finetune:datasets,"
                + " finetune:models and the exported model.onnx (in ONNX Runtime) work here. (" + cause + ")");
    }

    @Override
    public String toString() {
        return classifier();
    }
}
