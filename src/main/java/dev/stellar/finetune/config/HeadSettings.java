package dev.stellar.finetune.config;

import java.util.List;

/**
 * The classifier put on top of the encoder.
 *
 * @param hiddenSizes sizes of the hidden Linear-ReLU-Dropout layers; empty for the single Linear head of
 *     Hugging Face's BertForSequenceClassification
 * @param dropout dropout before each Linear of the head
 * @param pooling how token states become one vector
 */
public record HeadSettings(List<Integer> hiddenSizes, double dropout, Pooling pooling) {

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
        pooling = pooling == null ? Pooling.POOLER : pooling;
    }
}
