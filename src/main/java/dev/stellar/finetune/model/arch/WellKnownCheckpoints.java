package dev.stellar.finetune.model.arch;

import java.util.List;
import java.util.Map;

/**
 * Hub checkpoints people commonly fine-tune, per config.json {@code model_type}: what finetune:models lists
 * beside each architecture, so a user can start from a known id rather than a search.
 */
public final class WellKnownCheckpoints {

    private static final Map<String, List<String>> BY_MODEL_TYPE = Map.of(
            "bert",
            List.of(
                    "google-bert/bert-base-uncased",
                    "sentence-transformers/all-MiniLM-L6-v2",
                    "BAAI/bge-small-en-v1.5"),
            "roberta",
            List.of("FacebookAI/roberta-base"),
            "xlm-roberta",
            List.of("FacebookAI/xlm-roberta-base"),
            "distilbert",
            List.of("distilbert/distilbert-base-uncased"),
            "electra",
            List.of("google/electra-base-discriminator"),
            "deberta-v2",
            List.of("microsoft/deberta-v3-base"),
            "modernbert",
            List.of("answerdotai/ModernBERT-base"));

    private WellKnownCheckpoints() {}

    /** The checkpoints of that model_type; none for one without an entry. */
    public static List<String> of(String modelType) {
        return BY_MODEL_TYPE.getOrDefault(modelType, List.of());
    }
}
