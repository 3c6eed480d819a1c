package dev.stellar.finetune.data;

import java.util.Map;

/**
 * What one output split holds.
 *
 * @param source where its rows came from, e.g. "train[:90%] of train.csv" or "carved 10% of train of
 *     train.csv (stratified by label, seed 42)"
 * @param labeled whether the rows carry labels (a test split may not)
 * @param labelCounts rows per label name, in id order; empty when unlabelled
 * @param tokenLengths token counts before truncation
 * @param lengthHistogram rows per token count before truncation
 * @param truncatedRows rows longer than maxLength, cut to it
 * @param truncatedShare truncatedRows / rows
 */
public record RoleStats(
        String source,
        int rows,
        boolean labeled,
        Map<String, Integer> labelCounts,
        TokenLengths tokenLengths,
        LengthHistogram lengthHistogram,
        int truncatedRows,
        double truncatedShare) {}
