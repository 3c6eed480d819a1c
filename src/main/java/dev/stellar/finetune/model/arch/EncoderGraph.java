package dev.stellar.finetune.model.arch;

import dev.stellar.finetune.model.onnx.OnnxLinear;

/** A family's encoder written as ONNX nodes: the export counterpart of {@link Encoder}, node names returned. */
public interface EncoderGraph {

    /**
     * The last hidden states (B, S, H).
     *
     * @param inputIds int64 (B, S)
     * @param tokenTypeIds int64 (B, S), or null where the graph takes none (a model with at most one token
     *     type: a single type's row is then a constant); ignored by families without token types
     * @param attentionMask int64 (B, S), 1 for real tokens
     */
    String encoder(String inputIds, String tokenTypeIds, String attentionMask);

    /** The pooler's output on the first token (B, H); only for families with a pooler. */
    default String pooler(String lastHidden, OnnxLinear headLinear) {
        throw new IllegalStateException("this encoder has no pooler");
    }
}
