package dev.stellar.finetune.data;

/**
 * What a split's rows are labelled with, as the loss reads it: a label id per row (single-label), or a row of
 * floats (multi-label: 1 or 0 per label; regression: the value).
 */
record Targets(int[] ids, float[][] values) {

    static Targets ofIds(int[] ids) {
        return new Targets(ids, null);
    }

    static Targets ofValues(float[][] values) {
        return new Targets(null, values);
    }

    int size() {
        return ids != null ? ids.length : values.length;
    }

    Targets subset(int[] indices) {
        if (ids != null) {
            int[] picked = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                picked[i] = ids[indices[i]];
            }
            return ofIds(picked);
        }
        float[][] picked = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = values[indices[i]];
        }
        return ofValues(picked);
    }
}
