package dev.stellar.finetune.engine;

import ai.djl.Device;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DeviceSetting;

/**
 * The device the engine computes on in this JVM, chosen once when the engine starts from the {@code device}
 * parameter and what libtorch offers. Tensors, the model's weights and the optimizer's state all live there;
 * the choice also decides what {@code precision=auto} means and how much memory the micro-batches may take.
 *
 * @param device DJL's device
 * @param description for the log, e.g. "gpu(0) NVIDIA H200 (compute capability 9.0, 140 GiB)"
 * @param memoryBytes the GPU's memory; 0 on the CPU (its budget comes from the machine's memory)
 * @param bf16 whether bfloat16 products run natively here (AMX/AVX512-BF16 on a CPU, Ampere or later on a GPU)
 * @param fp16 whether float16 products run on tensor cores here (a GPU from Volta on)
 */
public record ComputeDevice(Device device, String description, long memoryBytes, boolean bf16, boolean fp16) {

    /** The first GPU with bf16 tensor cores is Ampere, compute capability 8.0. */
    private static final double BF16_CAPABILITY = 8.0;
    /** The first with fp16 tensor cores is Volta, 7.0. */
    private static final double FP16_CAPABILITY = 7.0;

    private static volatile ComputeDevice current;

    /** The CPU, with bf16 as its instructions allow. */
    public static ComputeDevice cpu() {
        return new ComputeDevice(Device.cpu(), "cpu", 0, CpuFeatures.multipliesBf16Natively(), false);
    }

    /** The device chosen when the engine started; the CPU where no choice was made (tests, tools). */
    public static ComputeDevice current() {
        ComputeDevice chosen = current;
        return chosen != null ? chosen : cpu();
    }

    static void use(ComputeDevice device) {
        current = device;
    }

    public boolean isGpu() {
        return device.isGpu();
    }

    /**
     * The device {@code setting} names, given what libtorch offers.
     *
     * @throws ConfigurationException when a GPU is required and libtorch has no CUDA or no such GPU
     */
    public static ComputeDevice select(DeviceSetting setting, Accelerators accelerators) {
        if (setting.kind() == DeviceSetting.Kind.CPU) {
            return cpu();
        }
        boolean cuda = accelerators.cuda();
        int count = cuda ? accelerators.gpuCount() : 0;
        if (setting.kind() == DeviceSetting.Kind.AUTO) {
            // libtorch reports CUDA only when it sees a device, even where DJL cannot load the CUDA runtime to
            // count them (pip's torch keeps it in its own folder).
            return cuda ? gpu(0, accelerators) : cpu();
        }
        if (!cuda) {
            throw noCuda(setting, accelerators.libtorchPath());
        }
        // With CUDA but a count of 0, DJL could not load the CUDA runtime to count: trust libtorch and let the
        // first allocation name a missing GPU.
        if (count > 0 && setting.gpuIndex() >= count) {
            throw new ConfigurationException(
                    "device",
                    setting.id(),
                    "this machine has " + count + " CUDA GPU" + (count == 1 ? "" : "s") + " (gpu:0"
                            + (count > 1 ? " to gpu:" + (count - 1) : "") + ")",
                    "use gpu:0" + (count > 1 ? " to gpu:" + (count - 1) : "") + ", gpu for the first, or auto");
        }
        return gpu(setting.gpuIndex(), accelerators);
    }

    private static ComputeDevice gpu(int index, Accelerators accelerators) {
        long memory = accelerators.memoryBytes(index);
        String capability = accelerators.computeCapability(index);
        double major = capability.isEmpty() ? 0 : Double.parseDouble(capability);
        boolean bf16 = major >= BF16_CAPABILITY;
        boolean fp16 = major >= FP16_CAPABILITY;
        String description = "gpu(" + index + ")"
                + (capability.isEmpty() ? "" : " compute capability " + capability)
                + (memory > 0 ? ", " + (memory >> 30) + " GiB" : "");
        return new ComputeDevice(Device.gpu(index), description, memory, bf16, fp16);
    }

    private static ConfigurationException noCuda(DeviceSetting setting, String libtorch) {
        return new ConfigurationException(
                "device",
                setting.id(),
                "the engine runs a libtorch without CUDA (" + libtorch + "); the plugin's own libtorch is the CPU"
                        + " build, as Maven Central serves no CUDA build",
                "install libtorch 2.7.1 for CUDA 12.8 (pytorch.org's libtorch-cxx11-abi-shared-with-deps-2.7.1+cu128"
                        + " zip, or the lib folder of pip's torch==2.7.1+cu128) and set <libtorch> (or"
                        + " -Dfinetune.libtorch) to its lib folder; or allow DJL to download it with"
                        + " -Dfinetune.engineDownload=true; or use device auto or cpu");
    }
}
