package dev.stellar.finetune.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;

/**
 * What the running libtorch can compute on: whether it was built with CUDA, and the GPUs the CUDA runtime
 * reports. An interface so that device selection and its messages are tested without a GPU.
 */
public interface Accelerators {

    /** libtorch was built with CUDA and found a driver. */
    boolean cuda();

    /** CUDA GPUs the runtime sees; 0 when none or when the runtime's library is not on the library path. */
    int gpuCount();

    /** The GPU's memory in bytes; 0 when unknown. */
    long memoryBytes(int gpu);

    /** The GPU's compute capability as "major.minor" (e.g. "9.0"); empty when unknown. */
    String computeCapability(int gpu);

    /** Where the running libtorch was loaded from, for messages. */
    String libtorchPath();

    /** The started engine's view, through DJL. */
    static Accelerators of(Engine engine) {
        return new Accelerators() {
            @Override
            public boolean cuda() {
                return engine.hasCapability(StandardCapabilities.CUDA);
            }

            @Override
            public int gpuCount() {
                return cuda() ? CudaUtils.getGpuCount() : 0;
            }

            @Override
            public long memoryBytes(int gpu) {
                try {
                    return CudaUtils.getGpuMemory(Device.gpu(gpu)).getMax();
                } catch (RuntimeException e) {
                    return 0;
                }
            }

            @Override
            public String computeCapability(int gpu) {
                try {
                    String cc = CudaUtils.getComputeCapability(gpu); // e.g. "90"
                    return cc.length() >= 2 ? cc.substring(0, cc.length() - 1) + "." + cc.charAt(cc.length() - 1) : "";
                } catch (RuntimeException e) {
                    return "";
                }
            }

            @Override
            public String libtorchPath() {
                try {
                    return LibUtils.getLibtorchPath();
                } catch (RuntimeException e) {
                    return "(unknown)";
                }
            }
        };
    }
}
