package dev.stellar.finetune.config;

import java.util.Locale;

/** How the encoder's token states become one vector for the classifier head. */
public enum Pooling {
    /** BERT's pooler: tanh(dense([CLS])). */
    POOLER,
    /** The [CLS] token's final hidden state. */
    CLS,
    /** The mean of the final hidden states over real (non-padding) tokens. */
    MEAN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null for an empty value: the model family's own pooling */
    public static Pooling parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (Pooling p : values()) {
            if (p.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new ConfigurationException(
                "pooling",
                value,
                "unknown pooling",
                "use one of pooler, cls, mean, or leave it out for the model's own");
    }
}
