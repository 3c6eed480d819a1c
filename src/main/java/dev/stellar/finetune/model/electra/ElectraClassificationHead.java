package dev.stellar.finetune.model.electra;

import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.ClassifierHead.Act;

/** transformers' ElectraClassificationHead, the head of ElectraForSequenceClassification. */
public final class ElectraClassificationHead {

    private ElectraClassificationHead() {}

    /**
     * {@code out_proj(dropout(gelu(dense(dropout(x)))))} on the first token, dense being hidden x hidden: RoBERTa's
     * head with the exact GELU, which transformers hard-codes ({@code get_activation("gelu")}) whatever
     * {@code hidden_act} says.
     */
    public static ClassifierHead of(int hiddenSize, float dropout, int numLabels) {
        return ClassifierHead.builder(hiddenSize)
                .dropout(dropout)
                .linear("classifier.dense", hiddenSize)
                .act(Act.GELU)
                .dropout(dropout)
                .linear("classifier.out_proj", numLabels)
                .build();
    }
}
