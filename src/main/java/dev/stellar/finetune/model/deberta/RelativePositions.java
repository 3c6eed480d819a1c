package dev.stellar.finetune.model.deberta;

/**
 * DeBERTa's relative positions as rows of the relative embedding table: the distance {@code r = i - j}
 * from key j to query i, bucketed as transformers' {@code make_log_bucket_position} does (exact up to half
 * the buckets, then logarithmic up to {@code max_relative_positions}), shifted by the span and clamped to
 * the table. The indices depend only on the sequence length.
 */
public final class RelativePositions {

    private final int buckets;
    private final int maxPosition;
    private final int span;

    public RelativePositions(DebertaOptions options) {
        this.buckets = options.positionBuckets();
        this.maxPosition = options.maxRelativePositions();
        this.span = options.span();
    }

    /**
     * transformers' {@code make_log_bucket_position}, in float32 as torch computes it:
     * {@code sign(r) * (ceil(log(|r| / mid) / log((max - 1) / mid) * (mid - 1)) + mid)} beyond {@code mid}.
     */
    public long bucket(long r) {
        if (buckets <= 0 || maxPosition <= 0) {
            return r;
        }
        long mid = buckets / 2;
        long abs = Math.abs(r);
        if (abs <= mid) {
            return r;
        }
        float ratio = (float) abs / mid;
        float logRatio = (float) Math.log(ratio);
        float logMax = (float) Math.log((float) (maxPosition - 1) / mid);
        long log = (long) Math.ceil(logRatio / logMax * (mid - 1)) + mid;
        return Long.signum(r) * log;
    }

    /** The table row of the distance {@code r} (c2p's index for query i and key j): {@code clamp(bucket(r) + span)}. */
    public long row(long r) {
        return Math.max(0, Math.min(2L * span - 1, bucket(r) + span));
    }

    /** The rows of every (query, key) pair of a sequence of {@code length} tokens, row-major (S, S). */
    public long[] rows(int length) {
        long[] rows = new long[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                rows[i * length + j] = row(i - j);
            }
        }
        return rows;
    }

    /**
     * The smallest distance from which {@link #row} no longer changes (it is at the table's first or last
     * row): a table of rows for {@code -limit..limit} serves every length once distances are clipped to it.
     */
    public long saturation() {
        long r = 0;
        while (row(r) < 2L * span - 1 || row(-r) > 0) {
            r++;
        }
        return r;
    }
}
