package dev.stellar.finetune.export;

import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.attribute;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.EncoderGraph;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.OnnxWeights;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import java.util.List;
import java.util.Map;

/**
 * The whole fine-tuned classifier as one ONNX graph: embeddings, encoder, pooling and head, from int64
 * {@code input_ids}, {@code attention_mask} and {@code token_type_ids} (batch and sequence axes dynamic) to
 * float {@code logits} [batch, labels]. Dropout is left out: the graph computes what the model computes when
 * it is not training.
 */
public final class ClassifierOnnxGraph {

    /** Opset 17 has LayerNormalization and runs on ONNX Runtime 1.13 and later. */
    public static final long OPSET = 17;
    /** The IR version of ONNX 1.12, the first release with opset 17. */
    public static final long IR_VERSION = 8;

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String LOGITS = "logits";
    /** The metadata key of transformers' problem_type, which says what the logits mean. */
    public static final String PROBLEM_TYPE = "problem_type";

    private ClassifierOnnxGraph() {}

    /**
     * @param encoderLinear how the encoder layers' Linear layers are written; the pooler and the head stay
     *     float32 (they are a sliver of the work, and their outputs are the scores themselves)
     * @param words how the word embeddings are looked up (the largest table by far)
     * @param metadata string properties stored in the file (labels, the tokenizer's maxLength, ...)
     */
    public static ModelProto build(
            EncoderConfig config,
            HeadSettings head,
            List<String> labels,
            OnnxWeights weights,
            OnnxLinear encoderLinear,
            OnnxEmbedding words,
            String producerVersion,
            Map<String, String> metadata) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("sequence_classifier");
        String ids = graph.input(INPUT_IDS, OnnxGraphBuilder.INT64, "batch", "sequence");
        String mask = graph.input(ATTENTION_MASK, OnnxGraphBuilder.INT64, "batch", "sequence");
        String types =
                hasTokenTypes(config) ? graph.input(TOKEN_TYPE_IDS, OnnxGraphBuilder.INT64, "batch", "sequence") : null;
        EncoderGraph encoder = config.architecture().graph(graph, config, weights, encoderLinear, words);
        String hidden = encoder.encoder(ids, types, mask);
        OnnxLinear fp32 = new Fp32Linear();
        String pooled = switch (head.pooling()) {
            case POOLER -> encoder.pooler(hidden, fp32);
            case CLS -> graph.scope("pooling").node("Gather", hidden, graph.scalarLong(0), attribute("axis", 1L));
            case MEAN -> meanOverTokens(graph.scope("pooling"), hidden, mask);
        };
        graph.scope("classifier");
        String x = pooled;
        ClassifierHead classifier = config.architecture().head(config, head, labels.size());
        for (ClassifierHead.Step step : classifier.steps()) {
            x = headStep(graph, weights, fp32, x, step);
        }
        graph.output(x, LOGITS, OnnxGraphBuilder.FLOAT, "batch", labels.size());
        return graph.model(
                IR_VERSION,
                OPSET,
                "finetune-maven-plugin",
                producerVersion,
                "Sequence classifier fine-tuned by finetune-maven-plugin: input_ids, attention_mask"
                        + (types == null ? "" : ", token_type_ids")
                        + " (int64, [batch, sequence]) to logits (float, [batch, " + labels.size() + "]); "
                        + meaningOfLogits(metadata.get(PROBLEM_TYPE), labels) + ".",
                metadata);
    }

    private static String meaningOfLogits(String problemType, List<String> labels) {
        if ("regression".equals(problemType)) {
            return "the one logit is the predicted " + labels.get(0);
        }
        if ("multi_label_classification".equals(problemType)) {
            return "a sigmoid of each gives the probability of " + String.join(", ", labels)
                    + " (a label is predicted from the metadata's threshold on)";
        }
        return "softmax gives the probabilities of " + String.join(", ", labels);
    }

    /**
     * Whether the graph takes token_type_ids: only where the model tells token types apart, as Hugging Face's
     * exporters do (RoBERTa's single type is a constant; DistilBERT, DeBERTa-v3 and ModernBERT have none).
     */
    public static boolean hasTokenTypes(EncoderConfig config) {
        return config.typeVocabSize() > 1;
    }

    /** One step of the head; dropout is left out. */
    private static String headStep(
            OnnxGraphBuilder graph, OnnxWeights weights, OnnxLinear linear, String x, ClassifierHead.Step step) {
        if (step instanceof ClassifierHead.Linear l) {
            return linear.apply(graph, weights, x, l.name());
        }
        if (step instanceof ClassifierHead.Norm n) {
            return layerNorm(graph, weights, x, n);
        }
        if (step instanceof ClassifierHead.Activate a) {
            return switch (a.act()) {
                case RELU -> graph.node("Relu", x);
                case TANH -> graph.node("Tanh", x);
                case GELU -> exactGelu(graph, x);
            };
        }
        return x;
    }

    private static String layerNorm(OnnxGraphBuilder graph, OnnxWeights weights, String x, ClassifierHead.Norm n) {
        String scale = table(graph, weights, n.name() + ".weight");
        return n.bias() == null
                ? graph.node("LayerNormalization", x, scale, attribute("axis", -1L), attribute("epsilon", n.eps()))
                : graph.node(
                        "LayerNormalization",
                        x,
                        scale,
                        table(graph, weights, n.name() + ".bias"),
                        attribute("axis", -1L),
                        attribute("epsilon", n.eps()));
    }

    private static String table(OnnxGraphBuilder graph, OnnxWeights weights, String name) {
        return graph.floats(name, weights.shape(name), weights.values(name));
    }

    /** x * 0.5 * (1 + erf(x / sqrt 2)). */
    private static String exactGelu(OnnxGraphBuilder graph, String x) {
        String erf = graph.node("Erf", graph.node("Div", x, graph.scalar((float) Math.sqrt(2))));
        return graph.node("Mul", graph.node("Mul", x, graph.node("Add", erf, graph.scalar(1f))), graph.scalar(0.5f));
    }

    /** The mean of the token states where attention_mask is 1: sum(h * m) / sum(m) over the sequence. */
    private static String meanOverTokens(OnnxGraphBuilder graph, String hidden, String mask) {
        String weights = graph.node(
                "Unsqueeze", graph.node("Cast", mask, attribute("to", (long) OnnxGraphBuilder.FLOAT)), graph.vector(2));
        String axis = graph.vector(1);
        return graph.node(
                "Div",
                graph.node("ReduceSum", graph.node("Mul", hidden, weights), axis, attribute("keepdims", 0L)),
                graph.node("ReduceSum", weights, axis, attribute("keepdims", 0L)));
    }
}
