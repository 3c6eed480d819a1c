package dev.stellar.finetune.model.deberta;

import static dev.stellar.finetune.model.bert.ScriptedLayerKernel.number;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ScriptedModules;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.arch.ScriptedDropout;
import dev.stellar.finetune.model.bert.ScriptedLayerKernel;

/**
 * The whole DeBERTa layer in one TorchScript call, as {@link ScriptedLayerKernel} is BERT's: with {@code bf16}
 * only the Linear products (including the projections of the relative embeddings) run in bfloat16. The
 * attention is written out (not fused): the disentangled terms are an (S, S) bias per head, gathered from
 * the products of queries and keys with the projected relative embeddings at each pair's relative row.
 */
public final class ScriptedDebertaKernel implements DebertaLayer.Kernel {

    private static final String CLASS = "DebertaLayerKernel";

    private final KernelKind kind;

    public ScriptedDebertaKernel(KernelKind kind) {
        this.kind = kind;
    }

    @Override
    public NDArray forward(ParameterStore store, DebertaLayer layer, NDList inputs, boolean training) {
        NDArray x = inputs.get(0);
        PtSymbolBlock module = ScriptedModules.get(CLASS, source(layer.config(), layer.options()));
        NDList all = new NDList(20);
        all.addAll(inputs);
        for (Parameter p : layer.parametersInOrder()) {
            all.add(store.getValue(p, x.getDevice(), training));
        }
        return module.forward(store, all, training).singletonOrThrow();
    }

    /**
     * TorchScript (serialized-module dialect) for this layer's shape, rates and attention terms. Scores are
     * {@code (q.k + c2p + p2c) / sqrt(head size * terms)}: c2p[i, j] = q_i . pos_k[row(i, j)], and
     * p2c[i, j] = k_j . pos_q[row(i, j)] (transformers gathers it at the transposed rows and transposes back).
     */
    String source(EncoderConfig config, DebertaOptions options) {
        int heads = config.numHeads();
        int headSize = config.headSize();
        String split = "[m, " + heads + ", " + headSize + "]), [1, 2, 0])";
        String pairs = "[b, " + heads + ", n, n]";
        StringBuilder attention = new StringBuilder();
        attention.append("    s = torch.matmul(q, torch.transpose(k, -1, -2))\n");
        if (options.contentToPosition()) {
            attention
                    .append("    pk = torch.permute(torch.reshape(")
                    .append(product("rel", "wk", "bk"))
                    .append(", ")
                    .append(split)
                    .append('\n')
                    .append("    s = torch.add(s, torch.gather(torch.matmul(q, pk), -1, torch.expand(rows, ")
                    .append(pairs)
                    .append(")))\n");
        }
        if (options.positionToContent()) {
            attention
                    .append("    pq = torch.permute(torch.reshape(")
                    .append(product("rel", "wq", "bq"))
                    .append(", ")
                    .append(split)
                    .append('\n')
                    .append("    s = torch.add(s, torch.transpose(torch.gather(torch.matmul(k, pq), -1,")
                    .append(" torch.expand(torch.transpose(rows, 0, 1), ")
                    .append(pairs)
                    .append(")), -1, -2))\n");
        }
        double scale = Math.sqrt((double) headSize * options.scaleFactor());
        return String.join(
                "\n",
                ScriptedLayerKernel.beforeAttention(CLASS, "mask: Tensor, rel: Tensor, rows: Tensor", kind, config),
                "    m = torch.size(rel, 0)",
                attention + "    s = torch.add(torch.div(s, " + number(scale) + "), mask)",
                "    p = torch.softmax(s, -1)",
                ScriptedDropout.lines("p", config.attentionDropout()) + "    c = torch.matmul(p, v)",
                ScriptedLayerKernel.afterAttention(kind, config, config.hiddenDropout()));
    }

    private String product(String input, String weight, String bias) {
        return ScriptedLayerKernel.product(kind, input, weight, bias);
    }
}
