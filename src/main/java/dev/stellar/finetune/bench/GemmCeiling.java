package dev.stellar.finetune.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.engine.ScriptedModules;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.bert.ScriptedLayerKernel;

/**
 * What the engine's matrix products reach in this process at a BERT layer's shapes: the best of
 * (T x H)(H x H), (T x H)(H x I) and (T x I)(I x H), in fp32 through DJL and in bf16 through the same
 * TorchScript route the bf16 kernel takes.
 */
public final class GemmCeiling {

    /** A product with its operands cast to the kind's type and the result back to fp32, as the kernels do. */
    private static String lowMatmul(KernelKind kind) {
        return String.join(
                "\n",
                "class LowMatmul(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__.LowMatmul, a: Tensor, b: Tensor) -> Tensor:",
                "    return torch.to(torch.mm(" + ScriptedLayerKernel.low(kind, "a") + ", "
                        + ScriptedLayerKernel.low(kind, "b") + "), 6)",
                "");
    }

    private GemmCeiling() {}

    /** Best GFLOP/s over the three shapes, in the kind's product type (fp32, bf16 or fp16). */
    public static double measure(long tokens, int hidden, int intermediate, KernelKind kind) {
        long[][] shapes = {{tokens, hidden, hidden}, {tokens, hidden, intermediate}, {tokens, intermediate, hidden}};
        double best = 0;
        try (NDManager manager =
                NDManager.newBaseManager(ComputeDevice.current().device())) {
            for (long[] s : shapes) {
                NDArray a = manager.randomNormal(new Shape(s[0], s[1]));
                NDArray b = manager.randomNormal(new Shape(s[1], s[2]));
                double seconds = Double.MAX_VALUE;
                for (int repeat = 0; repeat < 6; repeat++) {
                    try (NDManager step = manager.newSubManager()) {
                        long start = System.nanoTime();
                        NDArray c = kind.lowPrecision() ? low(kind, a, b) : a.matMul(b);
                        c.attach(step);
                        c.getFloat(0, 0);
                        if (repeat > 0) {
                            seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
                        }
                    }
                }
                best = Math.max(best, 2.0 * s[0] * s[1] * s[2] / seconds / 1e9);
            }
        }
        return best;
    }

    private static NDArray low(KernelKind kind, NDArray a, NDArray b) {
        PtSymbolBlock module = ScriptedModules.get("LowMatmul", lowMatmul(kind));
        return module.forward(new ParameterStore(a.getManager(), false), new NDList(a, b), false)
                .singletonOrThrow();
    }
}
