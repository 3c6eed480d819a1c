package dev.stellar.finetune.engine;

import java.util.List;
import java.util.Locale;

/**
 * The platform the JVM runs on, named as DJL names its libtorch native jars ({@code linux-x86_64},
 * {@code osx-aarch64}, ...), and whether Maven Central serves libtorch's CPU build for it. On another platform the
 * message says what runs where instead of repeating a resolver's or the native loader's error.
 *
 * @param os the operating system part: {@code linux}, {@code osx}, {@code win}, or the JVM's own name
 * @param arch the processor part: {@code x86_64}, {@code aarch64}, or the JVM's own name
 */
public record NativePlatform(String os, String arch) {

    /**
     * The platforms Maven Central serves libtorch's CPU build for (pytorch-native-cpu's classifiers), in the order
     * messages list them. The tokenizer's, DuckDB's and ONNX Runtime's jars carry natives for the same four.
     */
    public static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64");

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

    /** Whether the plugin can fetch libtorch's CPU build for this platform. */
    public boolean supported() {
        return SUPPORTED.contains(classifier());
    }

    /** Why the engine cannot run here: the platform, the supported ones, and what works on this one. */
    public String unsupportedMessage() {
        return "This JVM runs on " + classifier() + ", and libtorch's CPU build, which prepare-data,"
                + " freeze-and-train, evaluate, predict and benchmark need, is served for "
                + String.join(", ", SUPPORTED) + " only. Fix: run the build on one of those (Linux or Windows on"
                + " x86-64, Linux on ARM, an Apple silicon Mac; a CI runner or a container will do);"
                + " finetune:datasets and finetune:models work here.";
    }

    @Override
    public String toString() {
        return classifier();
    }
}
