package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Builds the four arrays {@link SequenceClassifier} takes from token rows, padding each batch only to
 * its longest row. The additive mask is made here in Java, so no scalar arithmetic enters the graph.
 */
public final class ModelInputs {

    /** What HF adds to the scores of padding keys: the lowest float, so softmax gives them exactly 0. */
    private static final float MASKED = -Float.MAX_VALUE;

    private ModelInputs() {}

    /**
     * @param ids token ids per row (rows may differ in length)
     * @param typeIds token type ids per row, same lengths as {@code ids}
     * @return input_ids, token_type_ids (B, S) int64; additive mask (B, 1, 1, S); mask (B, S) float
     */
    public static NDList of(NDManager manager, int[][] ids, int[][] typeIds) {
        return of(manager, ids, typeIds, 0);
    }

    /**
     * @param padId the id padding takes (config.json's pad_token_id): masked either way, but RoBERTa numbers
     *     positions by it, as transformers does for padded batches
     */
    public static NDList of(NDManager manager, int[][] ids, int[][] typeIds, int padId) {
        int batch = ids.length;
        int length = 0;
        for (int[] row : ids) {
            length = Math.max(length, row.length);
        }
        long[] flatIds = new long[batch * length];
        long[] flatTypes = new long[batch * length];
        float[] mask = new float[batch * length];
        float[] bias = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < length; s++) {
                int at = b * length + s;
                if (s < ids[b].length) {
                    flatIds[at] = ids[b][s];
                    flatTypes[at] = typeIds[b][s];
                    mask[at] = 1f;
                } else {
                    flatIds[at] = padId;
                    bias[at] = MASKED;
                }
            }
        }
        return of(manager, batch, length, flatIds, flatTypes, mask, bias);
    }

    /** From explicit (B, S) arrays with an attention mask of 0/1, as Hugging Face takes them. */
    public static NDList of(NDManager manager, long[][] ids, long[][] typeIds, long[][] attentionMask) {
        int batch = ids.length;
        int length = ids[0].length;
        long[] flatIds = new long[batch * length];
        long[] flatTypes = new long[batch * length];
        float[] mask = new float[batch * length];
        float[] bias = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < length; s++) {
                int at = b * length + s;
                flatIds[at] = ids[b][s];
                flatTypes[at] = typeIds[b][s];
                mask[at] = attentionMask[b][s];
                bias[at] = attentionMask[b][s] == 0 ? MASKED : 0f;
            }
        }
        return of(manager, batch, length, flatIds, flatTypes, mask, bias);
    }

    private static NDList of(
            NDManager manager, int batch, int length, long[] ids, long[] types, float[] mask, float[] bias) {
        NDArray idArray = manager.create(ids, new Shape(batch, length));
        NDArray typeArray = manager.create(types, new Shape(batch, length));
        NDArray biasArray = manager.create(bias, new Shape(batch, 1, 1, length));
        NDArray maskArray = manager.create(mask, new Shape(batch, length));
        return new NDList(idArray, typeArray, biasArray, maskArray);
    }
}
