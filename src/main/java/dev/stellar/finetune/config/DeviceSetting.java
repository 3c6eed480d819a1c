package dev.stellar.finetune.config;

import java.util.Locale;

/**
 * Where the engine computes, as the user asked: {@code auto} (the first CUDA GPU when libtorch has CUDA and
 * sees one, else the CPU, silently), {@code cpu}, {@code gpu} (the first CUDA GPU, required) or {@code gpu:N}.
 *
 * @param kind what was asked for
 * @param gpuIndex the GPU's index for {@link Kind#GPU}, 0 otherwise
 */
public record DeviceSetting(Kind kind, int gpuIndex) {

    public static final DeviceSetting AUTO = new DeviceSetting(Kind.AUTO, 0);
    public static final DeviceSetting CPU = new DeviceSetting(Kind.CPU, 0);

    public enum Kind {
        AUTO,
        CPU,
        GPU
    }

    private static final String CHOICES = "use auto, cpu, gpu (the first GPU) or gpu:N (N the GPU's index, e.g. gpu:1)";

    public DeviceSetting {
        kind = kind == null ? Kind.AUTO : kind;
        if (gpuIndex < 0 || (kind != Kind.GPU && gpuIndex != 0)) {
            throw new ConfigurationException("device", kind + ":" + gpuIndex, "not a device", CHOICES);
        }
    }

    public static DeviceSetting parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "", "auto" -> {
                return AUTO;
            }
            case "cpu" -> {
                return CPU;
            }
            case "gpu", "cuda" -> {
                return new DeviceSetting(Kind.GPU, 0);
            }
            default -> {
                // PyTorch's own spelling cuda:N is accepted beside ours.
                String prefix = v.startsWith("gpu:") ? "gpu:" : v.startsWith("cuda:") ? "cuda:" : null;
                if (prefix != null) {
                    String index = v.substring(prefix.length());
                    if (index.matches("\\d{1,4}")) {
                        return new DeviceSetting(Kind.GPU, Integer.parseInt(index));
                    }
                    throw new ConfigurationException(
                            "device",
                            value,
                            "the GPU index \"" + index + "\" is not a whole number of 0 or more",
                            CHOICES);
                }
                throw new ConfigurationException("device", value, "not a device", CHOICES);
            }
        }
    }

    /** True for {@code gpu} and {@code gpu:N}: no GPU is then an error, not a fallback. */
    public boolean requiresGpu() {
        return kind == Kind.GPU;
    }

    /** As the user writes it. */
    public String id() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }

    @Override
    public String toString() {
        return id();
    }
}
