package dev.stellar.finetune.model.arch;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.BertConfig;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.NamedBlock;
import dev.stellar.finetune.model.bert.BertEmbeddings;
import dev.stellar.finetune.model.roberta.RobertaEmbeddings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An encoder family, chosen by config.json's {@code model_type}: what differs between transformers'
 * {@code models/<family>} modules. Everything else (the post-LayerNorm layer and its kernels, the pooler,
 * freezing, the summary, the head) is shared through {@link Encoder}.
 */
public enum Architecture {
    /** transformers' models/bert: learned absolute positions 0..S-1, token types, a pooler. */
    BERT("bert", "BertForSequenceClassification", true, List.of("bert")) {
        @Override
        public NamedBlock embeddings(BertConfig config) {
            return new BertEmbeddings(config);
        }

        @Override
        public boolean loadsAsSequenceClassification(HeadSettings head) {
            return head.hiddenSizes().isEmpty() && head.pooling() == Pooling.POOLER;
        }
    },
    /**
     * transformers' models/roberta and models/xlm_roberta (XLMRoberta* are Roberta* with other names):
     * positions counted from {@code pad_token_id + 1} over non-pad tokens, one token type, no pooler in
     * RobertaForSequenceClassification.
     */
    ROBERTA("roberta", "RobertaForSequenceClassification", false, List.of("roberta", "xlm-roberta")) {
        @Override
        public NamedBlock embeddings(BertConfig config) {
            return new RobertaEmbeddings(config);
        }

        @Override
        public ClassifierHead head(BertConfig config, HeadSettings head, int numLabels) {
            return head.hiddenSizes().isEmpty()
                    ? ClassifierHead.roberta(config.hiddenSize(), (float) head.dropout(), numLabels)
                    : super.head(config, head, numLabels);
        }

        /** Positions start after pad_token_id: roberta-base's 514 rows hold 512 tokens. */
        @Override
        public int maxTokens(BertConfig config) {
            return config.maxPositions() - config.padTokenId() - 1;
        }

        @Override
        public boolean loadsAsSequenceClassification(HeadSettings head) {
            return head.hiddenSizes().isEmpty() && head.pooling() == Pooling.CLS;
        }
    };

    private final String prefix;
    private final String sequenceClassification;
    private final boolean selectable;

    @SuppressWarnings("ImmutableEnumChecker") // always a List.of
    private final List<String> modelTypes;

    Architecture(String prefix, String sequenceClassification, boolean selectable, List<String> modelTypes) {
        this.prefix = prefix;
        this.sequenceClassification = sequenceClassification;
        this.selectable = selectable;
        this.modelTypes = modelTypes;
    }

    /** The family whose config.json says this {@code model_type}, if the plugin implements it. */
    public static Optional<Architecture> of(String modelType) {
        return Arrays.stream(values())
                .filter(a -> a.modelTypes.contains(modelType))
                .findFirst();
    }

    /** The model_types users may choose today; the others are implemented but not yet end to end. */
    public static List<String> selectableModelTypes() {
        return Arrays.stream(values())
                .filter(Architecture::selectable)
                .flatMap(a -> a.modelTypes.stream())
                .toList();
    }

    /** The encoder's name in a checkpoint ({@code bert}, {@code roberta}): its parameters are under "prefix.". */
    public String prefix() {
        return prefix;
    }

    /** The transformers class that loads a saved model with the family's own head. */
    public String sequenceClassification() {
        return sequenceClassification;
    }

    /** Whether the whole path (training, saving, export, tokenizer checks) works, so users may select it. */
    public boolean selectable() {
        return selectable;
    }

    public List<String> modelTypes() {
        return modelTypes;
    }

    /** The family's embeddings block: input_ids and token_type_ids (B, S) in, (B, S, H) out. */
    public abstract NamedBlock embeddings(BertConfig config);

    /** The longest row, in tokens, the position table holds. */
    public int maxTokens(BertConfig config) {
        return config.maxPositions();
    }

    /**
     * Whether {@link #sequenceClassification()} holds this head as trained: the family's own head on the
     * input transformers gives it (BERT: the pooler's output; RoBERTa: the {@code <s>} state). Another
     * head or pooling is a different network, which that class would load with fresh or ignored weights.
     */
    public abstract boolean loadsAsSequenceClassification(HeadSettings head);

    /** The family whose transformers class this is, if any. */
    public static Optional<Architecture> ofSequenceClassification(String className) {
        return Arrays.stream(values())
                .filter(a -> a.sequenceClassification.equals(className))
                .findFirst();
    }

    /**
     * The head under {@code classifier.*}: without hidden sizes the family's own transformers head (BERT's
     * one Linear, RoBERTa's dense-tanh-out_proj), with them the plugin's MLP.
     */
    public ClassifierHead head(BertConfig config, HeadSettings head, int numLabels) {
        return new ClassifierHead(config.hiddenSize(), head.hiddenSizes(), (float) head.dropout(), numLabels);
    }
}
