package dev.stellar.finetune.model.modernbert;

import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.EncoderConfig;

/**
 * ModernBertForSequenceClassification's head on the pooled state: transformers' ModernBertPredictionHead
 * ({@code head.dense}, with a bias per {@code classifier_bias}; GELU; {@code head.norm}, a LayerNorm without
 * bias), dropout, then {@code classifier}.
 */
public final class ModernBertPredictionHead {

    private ModernBertPredictionHead() {}

    public static ClassifierHead of(EncoderConfig config, float dropout, int numLabels) {
        int h = config.hiddenSize();
        return ClassifierHead.builder(h)
                .linear("head.dense", h, ModernBertConfig.of(config).classifierBias())
                .act(ClassifierHead.Act.GELU)
                .norm("head.norm", false, config.layerNormEps())
                .dropout(dropout)
                .linear("classifier", numLabels)
                .build();
    }
}
