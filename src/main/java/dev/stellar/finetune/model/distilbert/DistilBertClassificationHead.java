package dev.stellar.finetune.model.distilbert;

import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.ClassifierHead.Act;

/**
 * The head of transformers' DistilBertForSequenceClassification, which has no class of its own: two
 * Linear layers beside the encoder, {@code pre_classifier} and {@code classifier}, on the first token.
 */
public final class DistilBertClassificationHead {

    private DistilBertClassificationHead() {}

    /**
     * {@code classifier(dropout(relu(pre_classifier(x))))}, pre_classifier being dim x dim. transformers takes
     * the rate from {@code seq_classif_dropout}; here it is {@code classifierDropout}, as for every head.
     */
    public static ClassifierHead of(int hiddenSize, float dropout, int numLabels) {
        return ClassifierHead.builder(hiddenSize)
                .linear("pre_classifier", hiddenSize)
                .act(Act.RELU)
                .dropout(dropout)
                .linear("classifier", numLabels)
                .build();
    }
}
