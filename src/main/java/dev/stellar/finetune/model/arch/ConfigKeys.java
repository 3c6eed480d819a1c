package dev.stellar.finetune.model.arch;

/**
 * Where a family's config.json keeps each size: DistilBERT and ModernBERT name theirs their own way
 * ({@code dim}, {@code n_layers}; {@code norm_eps}, {@code hidden_activation}).
 *
 * @param layerNormEps the key of the LayerNorm epsilon, or null where the family hard-codes it
 * @param defaultEps the epsilon when the key is absent (or the hard-coded one)
 * @param tokenTypes whether the family has token-type embeddings ({@code type_vocab_size})
 */
public record ConfigKeys(
        String hidden,
        String layers,
        String heads,
        String intermediate,
        String hiddenDropout,
        String attentionDropout,
        String layerNormEps,
        double defaultEps,
        String activation,
        boolean tokenTypes) {

    /** transformers' BertConfig names, which RoBERTa, ELECTRA and DeBERTa keep. */
    public static ConfigKeys bert(double defaultEps, boolean tokenTypes) {
        return new ConfigKeys(
                "hidden_size",
                "num_hidden_layers",
                "num_attention_heads",
                "intermediate_size",
                "hidden_dropout_prob",
                "attention_probs_dropout_prob",
                "layer_norm_eps",
                defaultEps,
                "hidden_act",
                tokenTypes);
    }
}
