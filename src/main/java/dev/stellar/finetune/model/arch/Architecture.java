package dev.stellar.finetune.model.arch;

import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.bert.BertEmbeddings;
import dev.stellar.finetune.model.bert.BertEncoder;
import dev.stellar.finetune.model.bert.BertLayer;
import dev.stellar.finetune.model.bert.BertOnnxGraph;
import dev.stellar.finetune.model.deberta.DebertaEncoder;
import dev.stellar.finetune.model.deberta.DebertaOnnxGraph;
import dev.stellar.finetune.model.deberta.DebertaOptions;
import dev.stellar.finetune.model.distilbert.DistilBertClassificationHead;
import dev.stellar.finetune.model.electra.ElectraClassificationHead;
import dev.stellar.finetune.model.electra.ElectraEmbeddingsProjection;
import dev.stellar.finetune.model.modernbert.ModernBertConfig;
import dev.stellar.finetune.model.modernbert.ModernBertEncoder;
import dev.stellar.finetune.model.modernbert.ModernBertOnnxGraph;
import dev.stellar.finetune.model.modernbert.ModernBertPredictionHead;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.OnnxWeights;
import dev.stellar.finetune.model.roberta.RobertaEmbeddings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An encoder family, chosen by config.json's {@code model_type}: what differs between transformers'
 * {@code models/<family>} modules (config keys, the encoder's blocks and names, its own classification head,
 * its ONNX graph). Each family's code lives in its own package ({@code model.bert}, {@code model.roberta},
 * ...); what they share (freezing, the frozen prefix, the summary, the MLP head, pooling) works on
 * {@link Encoder}.
 */
public enum Architecture {
    /** transformers' models/bert: learned absolute positions 0..S-1, token types, a pooler. */
    BERT("bert", "BertForSequenceClassification", true, List.of("bert"), ConfigKeys.bert(1e-12, true)) {
        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new BertEncoder(
                    config, new BertEmbeddings(config), "encoder.layer.", BertLayer.Names.BERT, withPooler, kernel);
        }

        @Override
        public boolean hasPooler() {
            return true;
        }

        @Override
        public Pooling ownPooling(JsonObject config) {
            return Pooling.POOLER;
        }

        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            requireAbsolutePositions(json, location);
        }
    },
    /**
     * transformers' models/roberta and models/xlm_roberta (XLMRoberta* are Roberta* with other names):
     * positions counted from {@code pad_token_id + 1} over non-pad tokens, one token type, no pooler in
     * RobertaForSequenceClassification.
     */
    ROBERTA(
            "roberta",
            "RobertaForSequenceClassification",
            true,
            List.of("roberta", "xlm-roberta"),
            ConfigKeys.bert(1e-12, true)) {
        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new BertEncoder(
                    config, new RobertaEmbeddings(config), "encoder.layer.", BertLayer.Names.BERT, withPooler, kernel);
        }

        @Override
        public boolean hasPooler() {
            return true;
        }

        @Override
        protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
            return ClassifierHead.roberta(config.hiddenSize(), (float) head.dropout(), numLabels);
        }

        /** Positions start after pad_token_id: roberta-base's 514 rows hold 512 tokens. */
        @Override
        public int maxTokens(EncoderConfig config) {
            return config.maxPositions() - config.padTokenId() - 1;
        }

        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            requireAbsolutePositions(json, location);
        }
    },
    /**
     * transformers' models/distilbert: BERT's post-LN layer under other names ({@code transformer.layer.N}),
     * no token types, no pooler, LayerNorm eps fixed at 1e-12, a pre_classifier-ReLU-classifier head.
     */
    DISTILBERT(
            "distilbert",
            "DistilBertForSequenceClassification",
            true,
            List.of("distilbert"),
            new ConfigKeys(
                    "dim",
                    "n_layers",
                    "n_heads",
                    "hidden_dim",
                    "dropout",
                    "attention_dropout",
                    null,
                    1e-12,
                    "activation",
                    false)) {
        /** transformers' DistilBertForSequenceClassification drops out by seq_classif_dropout. */
        @Override
        public void recordHead(JsonObject config, HeadSettings head) {
            config.addProperty("seq_classif_dropout", head.dropout());
        }

        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new BertEncoder(
                    config,
                    new BertEmbeddings(config),
                    DISTILBERT_LAYERS,
                    BertLayer.Names.DISTILBERT,
                    withPooler,
                    kernel);
        }

        @Override
        public EncoderGraph graph(
                OnnxGraphBuilder graph,
                EncoderConfig config,
                OnnxWeights weights,
                OnnxLinear linear,
                OnnxEmbedding words) {
            return new BertOnnxGraph(
                    graph,
                    config,
                    weights,
                    linear,
                    words,
                    prefix() + ".",
                    DISTILBERT_LAYERS,
                    BertLayer.Names.DISTILBERT);
        }

        @Override
        protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
            return DistilBertClassificationHead.of(config.hiddenSize(), (float) head.dropout(), numLabels);
        }

        /** Sinusoidal positions are fixed in transformers (not trained); this plugin would train them. */
        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            if (json.bool("sinusoidal_pos_embds", false)) {
                throw new ConfigurationException(
                        "model",
                        location,
                        "its config.json asks for sinusoidal_pos_embds true (fixed sinusoidal positions), which"
                                + " this plugin does not implement",
                        "use a DistilBERT checkpoint with sinusoidal_pos_embds false, such as"
                                + " distilbert-base-uncased");
            }
        }
    },
    /**
     * transformers' models/electra: BERT's layers behind embeddings {@code embedding_size} wide, projected up
     * by {@code embeddings_project} when that differs from the hidden size; no pooler; a
     * dense-GELU-out_proj head.
     */
    ELECTRA("electra", "ElectraForSequenceClassification", true, List.of("electra"), ConfigKeys.bert(1e-12, true)) {
        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new BertEncoder(
                    config,
                    new BertEmbeddings(config),
                    ElectraEmbeddingsProjection.needed(config) ? new ElectraEmbeddingsProjection(config) : null,
                    BERT_LAYERS,
                    BertLayer.Names.BERT,
                    withPooler,
                    kernel);
        }

        @Override
        protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
            return ElectraClassificationHead.of(config.hiddenSize(), (float) head.dropout(), numLabels);
        }

        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            requireAbsolutePositions(json, location);
        }
    },
    /**
     * transformers' models/deberta_v2, which DeBERTa-v3 checkpoints use: disentangled attention over
     * log-bucketed relative positions, no absolute positions, no token types; ContextPooler in the head.
     */
    DEBERTA_V2(
            "deberta", "DebertaV2ForSequenceClassification", true, List.of("deberta-v2"), ConfigKeys.bert(1e-7, true)) {
        /** transformers' DebertaV2ForSequenceClassification drops out before classifier by cls_dropout. */
        @Override
        public void recordHead(JsonObject config, HeadSettings head) {
            config.addProperty("cls_dropout", head.dropout());
        }

        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new DebertaEncoder(config, kernel);
        }

        @Override
        protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
            return DebertaEncoder.head(config, head, numLabels);
        }

        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            DebertaOptions.read(config, json, location);
        }

        @Override
        public EncoderGraph graph(
                OnnxGraphBuilder graph,
                EncoderConfig config,
                OnnxWeights weights,
                OnnxLinear linear,
                OnnxEmbedding words) {
            return new DebertaOnnxGraph(graph, config, weights, linear, words, prefix() + ".");
        }
    },
    /**
     * transformers' models/modernbert: pre-norm layers without biases, rotary positions (no position table),
     * GeGLU, global attention on every {@code global_attn_every_n_layers}-th layer and a sliding window on the
     * others, a final norm; its own head pools per {@code classifier_pooling}.
     */
    MODERNBERT(
            "model",
            "ModernBertForSequenceClassification",
            true,
            List.of("modernbert"),
            new ConfigKeys(
                    "hidden_size",
                    "num_hidden_layers",
                    "num_attention_heads",
                    "intermediate_size",
                    "mlp_dropout",
                    "attention_dropout",
                    "norm_eps",
                    1e-5,
                    "hidden_activation",
                    false)) {
        /** ModernBERT has no pooler; {@code withPooler} is ignored. */
        @Override
        public Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel) {
            return new ModernBertEncoder(config, kernel);
        }

        @Override
        public EncoderGraph graph(
                OnnxGraphBuilder graph,
                EncoderConfig config,
                OnnxWeights weights,
                OnnxLinear linear,
                OnnxEmbedding words) {
            return new ModernBertOnnxGraph(graph, config, weights, linear, words, prefix() + ".");
        }

        @Override
        protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
            return ModernBertPredictionHead.of(config, (float) head.dropout(), numLabels);
        }

        @Override
        public Pooling ownPooling(JsonObject config) {
            return config.has("classifier_pooling")
                            && config.get("classifier_pooling").getAsString().equals("mean")
                    ? Pooling.MEAN
                    : Pooling.CLS;
        }

        /**
         * ModernBertForMaskedLM checkpoints (answerdotai/ModernBERT-*) hold ModernBertPredictionHead under the
         * same names: transformers' from_pretrained keeps head.dense and head.norm, only classifier is new.
         */
        @Override
        public boolean pretrainedHead(String name) {
            return name.startsWith("head.");
        }

        /** Its own head pools cls or mean as classifier_pooling says: the saved config says what was trained. */
        @Override
        public void recordHead(JsonObject config, HeadSettings head) {
            if (head.hiddenSizes().isEmpty() && head.pooling() != Pooling.POOLER) {
                config.addProperty("classifier_pooling", head.pooling().id());
            }
        }

        @Override
        public void checkOptions(EncoderConfig config, JsonFields json, String location) {
            ModernBertConfig.read(json, location);
            if (config.headSize() % 2 != 0) {
                throw new ConfigurationException(
                        "model",
                        location,
                        "its config.json gives attention heads of " + config.headSize()
                                + " dimensions (hidden_size / num_attention_heads), which rotary embeddings cannot"
                                + " split in halves",
                        "use a checkpoint whose head size is even");
            }
        }
    };

    /** Where layer N lives in BERT, RoBERTa and ELECTRA, and in DistilBERT. */
    private static final String BERT_LAYERS = "encoder.layer.";

    private static final String DISTILBERT_LAYERS = "transformer.layer.";

    private final String prefix;
    private final String sequenceClassification;
    private final boolean selectable;

    @SuppressWarnings("ImmutableEnumChecker") // always a List.of
    private final List<String> modelTypes;

    @SuppressWarnings("ImmutableEnumChecker") // a record of strings and primitives
    private final ConfigKeys configKeys;

    Architecture(
            String prefix,
            String sequenceClassification,
            boolean selectable,
            List<String> modelTypes,
            ConfigKeys configKeys) {
        this.prefix = prefix;
        this.sequenceClassification = sequenceClassification;
        this.selectable = selectable;
        this.modelTypes = modelTypes;
        this.configKeys = configKeys;
    }

    /** The family whose config.json says this {@code model_type}, if the plugin knows it. */
    public static Optional<Architecture> of(String modelType) {
        return Arrays.stream(values())
                .filter(a -> a.modelTypes.contains(modelType))
                .findFirst();
    }

    /**
     * The model_types users may choose: those of every family that works end to end (a family being added
     * is implemented and golden-tested before it is selectable).
     */
    public static List<String> selectableModelTypes() {
        return Arrays.stream(values())
                .filter(Architecture::selectable)
                .flatMap(a -> a.modelTypes.stream())
                .toList();
    }

    /** The family whose transformers class this is, if any. */
    public static Optional<Architecture> ofSequenceClassification(String className) {
        return Arrays.stream(values())
                .filter(a -> a.sequenceClassification.equals(className))
                .findFirst();
    }

    /**
     * The encoder's name in a checkpoint ({@code bert}, {@code roberta}, ModernBERT's {@code model}): its
     * parameters are under "prefix.".
     */
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

    /** Where config.json keeps the sizes. */
    public ConfigKeys configKeys() {
        return configKeys;
    }

    /** Checks the family's own config.json options (those the plugin implements) once the sizes are read. */
    public void checkOptions(EncoderConfig config, JsonFields json, String location) {}

    /** The encoder, its parameters unset. */
    public abstract Encoder encoder(EncoderConfig config, boolean withPooler, KernelKind kernel);

    /** The encoder as ONNX nodes reading the saved weights. */
    public EncoderGraph graph(
            OnnxGraphBuilder graph, EncoderConfig config, OnnxWeights weights, OnnxLinear linear, OnnxEmbedding words) {
        return new BertOnnxGraph(
                graph, config, weights, linear, words, prefix + ".", BERT_LAYERS, BertLayer.Names.BERT);
    }

    /** Whether the family has BERT's pooler ({@code pooling=pooler}). */
    public boolean hasPooler() {
        return false;
    }

    /**
     * The pooling of the family's own *ForSequenceClassification head, the default of {@code pooling}.
     *
     * @param config the model's config.json (ModernBERT's head pools per its {@code classifier_pooling})
     */
    public Pooling ownPooling(JsonObject config) {
        return Pooling.CLS;
    }

    /** The longest row, in tokens, the position table holds. */
    public int maxTokens(EncoderConfig config) {
        return config.maxPositions();
    }

    /**
     * Whether a head parameter is taken from the pretrained checkpoint when it has one (as transformers'
     * from_pretrained does) rather than initialised with the new labels' head.
     */
    public boolean pretrainedHead(String name) {
        return false;
    }

    /**
     * Writes into the saved config.json the family's own head options that describe the trained head (before
     * {@link #loadsAsSequenceClassification} reads them).
     */
    public void recordHead(JsonObject config, HeadSettings head) {}

    /**
     * Whether {@link #sequenceClassification()} holds this head as trained: the family's own head on the
     * input transformers gives it ({@link #ownPooling}). Another head or pooling is a different network,
     * which that class would load with fresh or ignored weights.
     */
    public boolean loadsAsSequenceClassification(JsonObject config, HeadSettings head) {
        return head.hiddenSizes().isEmpty() && head.pooling() == ownPooling(config);
    }

    /**
     * The head under {@code classifier.*}: without hidden sizes the family's own transformers head (BERT's
     * one Linear, RoBERTa's dense-tanh-out_proj), with them the plugin's MLP.
     */
    public ClassifierHead head(EncoderConfig config, HeadSettings head, int numLabels) {
        return head.hiddenSizes().isEmpty()
                ? ownHead(config, head, numLabels)
                : new ClassifierHead(config.hiddenSize(), head.hiddenSizes(), (float) head.dropout(), numLabels);
    }

    /** The family's own transformers head on the pooled vector; BERT's is one Linear after dropout. */
    protected ClassifierHead ownHead(EncoderConfig config, HeadSettings head, int numLabels) {
        return new ClassifierHead(config.hiddenSize(), List.of(), (float) head.dropout(), numLabels);
    }

    private static void requireAbsolutePositions(JsonFields json, String location) {
        String positions = json.string("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json asks for position_embedding_type \"" + positions + "\"",
                    "use a checkpoint with absolute position embeddings");
        }
    }
}
