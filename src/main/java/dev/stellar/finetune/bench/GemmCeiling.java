package dev.stellar.finetune.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.engine.ScriptedModules;

/**
 * What the engine's matrix products reach in this process at a BERT layer's shapes: the best of
 * (T x H)(H x H), (T x H)(H x I) and (T x I)(I x H), in fp32 through DJL and in bf16 through the same
 * TorchScript route the bf16 kernel takes.
 */
public final class GemmCeiling {

    private static final String BF16_MM = String.join(
            "\n",
            "class Bf16Matmul(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  _is_full_backward_hook : Optional[bool]",
            "  def forward(self: __torch__.Bf16Matmul, a: Tensor, b: Tensor) -> Tensor:",
            "    return torch.to(torch.mm(torch.to(a, 15), torch.to(b, 15)), 6)",
            "");

    private GemmCeiling() {}

    /** Best GFLOP/s over the three shapes; {@code bf16} multiplies in bfloat16. */
    public static double measure(long tokens, int hidden, int intermediate, boolean bf16) {
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
                        NDArray c = bf16 ? bf16(a, b) : a.matMul(b);
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

    private static NDArray bf16(NDArray a, NDArray b) {
        PtSymbolBlock module = ScriptedModules.get("Bf16Matmul", BF16_MM);
        return module.forward(new ParameterStore(a.getManager(), false), new NDList(a, b), false)
                .singletonOrThrow();
    }
}
