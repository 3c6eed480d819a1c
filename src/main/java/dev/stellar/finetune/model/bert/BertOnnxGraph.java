package dev.stellar.finetune.model.bert;

import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.attribute;
import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.ints;

import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.EncoderGraph;
import dev.stellar.finetune.model.electra.ElectraEmbeddingsProjection;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.OnnxWeights;

/**
 * Hugging Face's BertModel as ONNX nodes, the export counterpart of {@link BertEncoder}: the same
 * arithmetic, laid out as PyTorch's exporter lays out BERT (separate Q/K/V MatMul + Add, scores divided by
 * sqrt(head size), an additive mask, Erf GELU) so that ONNX Runtime recognises and fuses its patterns.
 * Parameter names are those of the saved checkpoint under {@code prefix}, the layers' those of the family
 * ({@link BertLayer.Names}); ELECTRA's {@code embeddings_project} follows the embeddings where the config
 * has narrower embeddings, and a family without token types has no token-type table.
 */
public final class BertOnnxGraph implements EncoderGraph {

    private final OnnxGraphBuilder graph;
    private final EncoderConfig config;
    private final OnnxWeights weights;
    private final OnnxLinear linear;
    private final OnnxEmbedding words;
    private final String prefix;
    private final String layerPrefix;
    private final BertLayer.Names names;

    /**
     * @param linear how the encoder layers' Linear layers are written (float32 or int8)
     * @param words how the word embeddings are looked up (float32 or int8 rows)
     * @param prefix the encoder's name in the checkpoint, e.g. {@code bert.}
     * @param layerPrefix where layer N lives under {@code prefix}, e.g. {@code encoder.layer.}
     * @param names the family's names of the layer's modules
     */
    public BertOnnxGraph(
            OnnxGraphBuilder graph,
            EncoderConfig config,
            OnnxWeights weights,
            OnnxLinear linear,
            OnnxEmbedding words,
            String prefix,
            String layerPrefix,
            BertLayer.Names names) {
        this.graph = graph;
        this.config = config;
        this.weights = weights;
        this.linear = linear;
        this.words = words;
        this.prefix = prefix;
        this.layerPrefix = layerPrefix;
        this.names = names;
    }

    @Override
    public String encoder(String inputIds, String tokenTypeIds, String attentionMask) {
        graph.scope(prefix + "extended_attention_mask");
        String maskBias = maskBias(graph, attentionMask);
        String x = embeddings(inputIds, tokenTypeIds);
        if (ElectraEmbeddingsProjection.needed(config)) {
            graph.scope(prefix + "embeddings_project");
            x = linear.apply(graph, weights, x, prefix + "embeddings_project");
        }
        for (int i = 0; i < config.numLayers(); i++) {
            x = layer(x, maskBias, layerPrefix + i);
        }
        return x;
    }

    /**
     * 0 where attention_mask is 1 and the lowest float where it is 0, shaped (B, 1, 1, S), as BertModel makes it
     * (and ModernBertModel for its global layers).
     */
    public static String maskBias(OnnxGraphBuilder graph, String attentionMask) {
        String mask =
                graph.node("Cast", graph.node("Unsqueeze", attentionMask, graph.vector(1, 2)), attribute("to", (long)
                        OnnxGraphBuilder.FLOAT));
        return graph.node("Mul", graph.node("Sub", graph.scalar(1f), mask), graph.scalar(-Float.MAX_VALUE));
    }

    /** BERT's pooler on the first token: tanh(dense(h[:, 0])), (B, H). */
    @Override
    public String pooler(String lastHidden, OnnxLinear headLinear) {
        graph.scope(prefix + "pooler");
        String first = graph.node("Gather", lastHidden, graph.scalarLong(0), attribute("axis", 1L));
        return graph.node("Tanh", headLinear.apply(graph, weights, first, prefix + "pooler.dense"));
    }

    private String embeddings(String inputIds, String tokenTypeIds) {
        String p = prefix + "embeddings.";
        graph.scope(p.substring(0, p.length() - 1));
        String sum = words.lookup(graph, weights, p + "word_embeddings.weight", inputIds);
        if (config.typeVocabSize() > 0) {
            sum = graph.node("Add", sum, tokenTypes(tokenTypeIds, p + "token_type_embeddings.weight"));
        }
        String positions = config.architecture() == Architecture.ROBERTA
                ? graph.node("Gather", table(p + "position_embeddings.weight"), robertaPositionIds(inputIds))
                : bertPositions(inputIds, p);
        return layerNorm(graph.node("Add", sum, positions), p + "LayerNorm");
    }

    /**
     * The token-type vectors (B, S, E); without a token_type_ids input (a graph for a model with one token
     * type) the first row, which every token gets.
     */
    private String tokenTypes(String tokenTypeIds, String name) {
        return tokenTypeIds == null
                ? graph.node("Gather", table(name), graph.scalarLong(0))
                : graph.node("Gather", table(name), tokenTypeIds);
    }

    /** Positions 0..S-1: the first S rows of the table, added to every row of the batch. */
    private String bertPositions(String inputIds, String p) {
        String length = graph.node("Shape", inputIds, attribute("start", 1L), attribute("end", 2L));
        return graph.node("Slice", table(p + "position_embeddings.weight"), graph.vector(0), length, graph.vector(0));
    }

    /**
     * RoBERTa's positions, as {@link dev.stellar.finetune.model.roberta.RobertaEmbeddings} counts them:
     * cumsum(ids != pad) * (ids != pad) + pad, (B, S).
     */
    private String robertaPositionIds(String inputIds) {
        long pad = config.padTokenId();
        String real = graph.node(
                "Cast", graph.node("Not", graph.node("Equal", inputIds, graph.scalarLong(pad))), attribute("to", (long)
                        OnnxGraphBuilder.INT64));
        return graph.node(
                "Add", graph.node("Mul", graph.node("CumSum", real, graph.scalarLong(1)), real), graph.scalarLong(pad));
    }

    private String layer(String x, String maskBias, String name) {
        String p = prefix + name + ".";
        int heads = config.numHeads();
        int headSize = config.headSize();
        graph.scope(p + parent(names.query()));
        String q = linear.apply(graph, weights, x, p + names.query());
        String k = linear.apply(graph, weights, x, p + names.key());
        String v = linear.apply(graph, weights, x, p + names.value());
        String split = graph.vector(0, 0, heads, headSize);
        String queries = graph.node("Transpose", graph.node("Reshape", q, split), ints("perm", 0, 2, 1, 3));
        String keysT = graph.node("Transpose", graph.node("Reshape", k, split), ints("perm", 0, 2, 3, 1));
        String values = graph.node("Transpose", graph.node("Reshape", v, split), ints("perm", 0, 2, 1, 3));
        String scores = graph.node(
                "Add",
                graph.node("Div", graph.node("MatMul", queries, keysT), graph.scalar((float) Math.sqrt(headSize))),
                maskBias);
        String probabilities = graph.node("Softmax", scores, attribute("axis", -1L));
        String context = graph.node(
                "Reshape",
                graph.node("Transpose", graph.node("MatMul", probabilities, values), ints("perm", 0, 2, 1, 3)),
                graph.vector(0, 0, config.hiddenSize()));
        return afterAttention(context, x, p);
    }

    /**
     * What follows the attention in every post-LayerNorm layer {@code p} (its name with a dot): the attention
     * output (dense, residual on {@code x}, LayerNorm) and the GELU feed-forward block.
     *
     * @param context the attention's output (B, S, H), heads merged
     */
    public String afterAttention(String context, String x, String p) {
        graph.scope(p + parent(names.attentionOutput()));
        String attended = layerNorm(
                graph.node("Add", linear.apply(graph, weights, context, p + names.attentionOutput()), x),
                p + names.attentionNorm());
        graph.scope(p + parent(names.intermediate()));
        String inner = gelu(graph, linear.apply(graph, weights, attended, p + names.intermediate()));
        graph.scope(p + parent(names.output()));
        return layerNorm(
                graph.node("Add", linear.apply(graph, weights, inner, p + names.output()), attended),
                p + names.outputNorm());
    }

    /** The module holding {@code name} ({@code attention.self} for {@code attention.self.query}), for node names. */
    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), in the node order ONNX Runtime fuses into one Gelu. */
    public static String gelu(OnnxGraphBuilder graph, String x) {
        String erf = graph.node("Erf", graph.node("Div", x, graph.scalar((float) Math.sqrt(2))));
        return graph.node("Mul", graph.node("Mul", x, graph.node("Add", erf, graph.scalar(1f))), graph.scalar(0.5f));
    }

    /** LayerNormalization with the tensors {@code name.weight} and {@code name.bias} and the config's epsilon. */
    public String layerNorm(String x, String name) {
        return graph.node(
                "LayerNormalization",
                x,
                table(name + ".weight"),
                table(name + ".bias"),
                attribute("axis", -1L),
                attribute("epsilon", config.layerNormEps()));
    }

    private String table(String name) {
        return graph.floats(name, weights.shape(name), weights.values(name));
    }
}
