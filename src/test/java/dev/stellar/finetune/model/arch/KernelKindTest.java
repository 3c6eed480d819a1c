package dev.stellar.finetune.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.engine.ComputeDevice;
import org.junit.jupiter.api.Test;

/** What precision=auto runs on each device, and what each explicit precision runs everywhere. */
class KernelKindTest {

    private static ComputeDevice gpu(boolean bf16, boolean fp16) {
        return new ComputeDevice(Device.gpu(0), "gpu(0)", 16L << 30, bf16, fp16);
    }

    @Test
    void autoPicksTheFastest16BitTypeTheDeviceHasElseFp32() {
        assertEquals(KernelKind.BF16, KernelKind.auto(gpu(true, true)), "Ampere and later");
        assertEquals(KernelKind.FP16, KernelKind.auto(gpu(false, true)), "Volta, Turing");
        assertEquals(KernelKind.FP32, KernelKind.auto(gpu(false, false)), "Pascal and before");
        assertEquals(KernelKind.BF16, KernelKind.auto(new ComputeDevice(Device.cpu(), "cpu", 0, true, false)), "AMX");
        assertEquals(KernelKind.FP32, KernelKind.auto(new ComputeDevice(Device.cpu(), "cpu", 0, false, false)));
    }

    @Test
    void explicitPrecisionsAreTakenAsGiven() {
        assertEquals(KernelKind.FP32, KernelKind.of(Precision.FP32));
        assertEquals(KernelKind.BF16, KernelKind.of(Precision.BF16));
        assertEquals(KernelKind.FP16, KernelKind.of(Precision.FP16));
        assertEquals(Precision.FP16, Precision.parse(" FP16 "));
    }

    @Test
    void productTypesAreLibtorchScalarTypes() {
        assertEquals(15, KernelKind.BF16.productType());
        assertEquals(5, KernelKind.FP16.productType());
        assertEquals(-1, KernelKind.FP32.productType());
        assertEquals("fp16", KernelKind.FP16.label());
    }
}
