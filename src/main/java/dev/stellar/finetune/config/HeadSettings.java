package dev.stellar.finetune.config;

import java.util.List;

/**
 * The classifier put on top of the encoder.
 *
 * @param hiddenSizes sizes of the hidden Linear-ReLU-Dropout layers; empty for the single Linear head of
 *     Hugging Face's BertForSequenceClassification
 * @param dropout dropout before each Linear of the head
 * @param pooling how token states become one vector; null for the model family's own (BERT's pooler,
 *     the first token for RoBERTa, ELECTRA, DistilBERT and DeBERTa, ModernBERT's classifier_pooling)
 */
public record HeadSettings(List<Integer> hiddenSizes, double dropout, Pooling pooling) {

    /** These settings with {@code pooling} where none was chosen. */
    public HeadSettings withDefaultPooling(Pooling familyPooling) {
        return pooling != null ? this : new HeadSettings(hiddenSizes, dropout, familyPooling);
    }

    public HeadSettings {
        hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
        for (Integer size : hiddenSizes) {
            if (size == null || size < 1) {
                throw new ConfigurationException(
                        "classifierHiddenSizes",
                        hiddenSizes,
                        "every hidden size must be a positive number",
                        "use e.g. 256, or leave the list empty for a single Linear head");
            }
        }
        Checks.fraction("classifierDropout", dropout, false, "use a probability such as 0.1");
    }
}
