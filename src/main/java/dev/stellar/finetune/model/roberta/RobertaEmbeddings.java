package dev.stellar.finetune.model.roberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.bert.BertEmbeddings;

/**
 * transformers' RobertaEmbeddings: BERT's embeddings (same parameter names, one token type) with positions
 * counted from {@code pad_token_id + 1} over the non-padding tokens, as
 * {@code create_position_ids_from_input_ids} does; padding tokens get position {@code pad_token_id}.
 * That is why roberta-base has 514 position rows for 512 tokens.
 */
public final class RobertaEmbeddings extends BertEmbeddings {

    public RobertaEmbeddings(EncoderConfig config) {
        super(config);
    }

    /** cumsum(ids != pad) * (ids != pad) + pad, per row: (B, S). */
    @Override
    protected NDArray positionIds(NDArray ids) {
        long pad = config().padTokenId();
        NDArray real = ids.neq(pad).toType(DataType.INT64, false);
        return real.cumSum(1).mul(real).add(pad);
    }
}
