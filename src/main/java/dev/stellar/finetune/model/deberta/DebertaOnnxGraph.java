package dev.stellar.finetune.model.deberta;

import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.attribute;
import static dev.stellar.finetune.model.onnx.OnnxGraphBuilder.ints;

import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.arch.EncoderGraph;
import dev.stellar.finetune.model.bert.BertOnnxGraph;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.OnnxWeights;

/**
 * DebertaV2Model as ONNX nodes, the export counterpart of {@link DebertaEncoder}. What depends only on the
 * weights is computed here once: each layer's projections of the normalised relative embeddings become
 * constants (heads, head size, 2 span). What depends on the sequence length is in the graph: each pair's
 * relative row is picked from a table of rows by distance, with distances clipped where the row saturates,
 * so every length works.
 */
public final class DebertaOnnxGraph implements EncoderGraph {

    private final OnnxGraphBuilder graph;
    private final EncoderConfig config;
    private final DebertaOptions options;
    private final OnnxWeights weights;
    private final OnnxLinear linear;
    private final OnnxEmbedding words;
    private final String prefix;
    /** BERT's graph, for what the DeBERTa layer shares with it (names included) after the attention. */
    private final BertOnnxGraph outputs;

    /**
     * @param linear how the encoder layers' Linear layers are written (float32 or int8)
     * @param words how the word embeddings are looked up (float32 or int8 rows)
     * @param prefix the encoder's name in the checkpoint, {@code deberta.}
     */
    public DebertaOnnxGraph(
            OnnxGraphBuilder graph,
            EncoderConfig config,
            OnnxWeights weights,
            OnnxLinear linear,
            OnnxEmbedding words,
            String prefix) {
        this.graph = graph;
        this.config = config;
        this.options = DebertaOptions.of(config);
        this.weights = weights;
        this.linear = linear;
        this.words = words;
        this.prefix = prefix;
        this.outputs =
                new BertOnnxGraph(graph, config, weights, linear, words, prefix, "encoder.layer.", DebertaLayer.NAMES);
    }

    /** @param tokenTypeIds ignored (DeBERTa-v3 has no token types); may be null */
    @Override
    public String encoder(String inputIds, String tokenTypeIds, String attentionMask) {
        graph.scope(prefix + "embeddings");
        String mask = graph.node("Cast", attentionMask, attribute("to", (long) OnnxGraphBuilder.FLOAT));
        String x = graph.node("Mul", embeddings(inputIds), graph.node("Unsqueeze", mask, graph.vector(-1)));
        graph.scope(prefix + "encoder");
        String maskBias = graph.node(
                "Mul",
                graph.node("Sub", graph.scalar(1f), graph.node("Unsqueeze", mask, graph.vector(1, 2))),
                graph.scalar(-Float.MAX_VALUE));
        String rows = relativeRows(inputIds);
        float[] table = RelativeTable.normalised(config, weights, prefix + "encoder.");
        for (int i = 0; i < config.numLayers(); i++) {
            x = layer(x, maskBias, rows, table, prefix + "encoder.layer." + i + ".");
        }
        return x;
    }

    private String embeddings(String inputIds) {
        String p = prefix + "embeddings.";
        return outputs.layerNorm(words.lookup(graph, weights, p + "word_embeddings.weight", inputIds), p + "LayerNorm");
    }

    /** Each (query, key) pair's row of the relative table, (S, S) int64, from the sequence length. */
    private String relativeRows(String inputIds) {
        RelativePositions positions = new RelativePositions(options);
        long limit = positions.saturation();
        long[] byDistance = new long[(int) (2 * limit + 1)];
        for (int d = 0; d < byDistance.length; d++) {
            byDistance[d] = positions.row(d - limit);
        }
        String table = graph.longs(prefix + "encoder.relative_rows", new long[] {byDistance.length}, byDistance);
        String length = graph.node("Gather", graph.node("Shape", inputIds), graph.scalarLong(1));
        String position = graph.node("Range", graph.scalarLong(0), length, graph.scalarLong(1));
        String distance = graph.node(
                "Sub",
                graph.node("Unsqueeze", position, graph.vector(1)),
                graph.node("Unsqueeze", position, graph.vector(0)));
        String clipped =
                graph.node("Max", graph.node("Min", distance, graph.scalarLong(limit)), graph.scalarLong(-limit));
        return graph.node("Gather", table, graph.node("Add", clipped, graph.scalarLong(limit)));
    }

    private String layer(String x, String maskBias, String rows, float[] table, String p) {
        int headSize = config.headSize();
        String self = p + "attention.self.";
        graph.scope(p + "attention.self");
        String queries = heads(linear.apply(graph, weights, x, self + "query_proj"));
        String keys = heads(linear.apply(graph, weights, x, self + "key_proj"));
        String values = heads(linear.apply(graph, weights, x, self + "value_proj"));
        String scores = graph.node("MatMul", queries, graph.node("Transpose", keys, ints("perm", 0, 1, 3, 2)));
        String pairs = graph.node("Shape", scores);
        if (options.contentToPosition()) {
            String byPosition = graph.node("MatMul", queries, projected(table, self + "key_proj"));
            scores = graph.node(
                    "Add",
                    scores,
                    graph.node(
                            "GatherElements", byPosition, graph.node("Expand", rows, pairs), attribute("axis", -1L)));
        }
        if (options.positionToContent()) {
            String byKey = graph.node("MatMul", keys, projected(table, self + "query_proj"));
            String picked = graph.node(
                    "GatherElements",
                    byKey,
                    graph.node("Expand", graph.node("Transpose", rows, ints("perm", 1, 0)), pairs),
                    attribute("axis", -1L));
            scores = graph.node("Add", scores, graph.node("Transpose", picked, ints("perm", 0, 1, 3, 2)));
        }
        float scale = (float) Math.sqrt((double) headSize * options.scaleFactor());
        String probabilities = graph.node(
                "Softmax",
                graph.node("Add", graph.node("Div", scores, graph.scalar(scale)), maskBias),
                attribute("axis", -1L));
        String context = graph.node(
                "Reshape",
                graph.node("Transpose", graph.node("MatMul", probabilities, values), ints("perm", 0, 2, 1, 3)),
                graph.vector(0, 0, config.hiddenSize()));
        return outputs.afterAttention(context, x, p);
    }

    /** (B, S, H) to (B, heads, S, head size). */
    private String heads(String projected) {
        String split = graph.vector(0, 0, config.numHeads(), config.headSize());
        return graph.node("Transpose", graph.node("Reshape", projected, split), ints("perm", 0, 2, 1, 3));
    }

    /** The relative table through the projection {@code name} (shared keys), as a constant (heads, head size, 2 span). */
    private String projected(float[] table, String name) {
        float[] values = RelativeTable.project(
                table, weights.values(name + ".weight"), weights.values(name + ".bias"), config, 2 * options.span());
        return graph.floats(
                name + ".relative", new long[] {config.numHeads(), config.headSize(), 2L * options.span()}, values);
    }
}
