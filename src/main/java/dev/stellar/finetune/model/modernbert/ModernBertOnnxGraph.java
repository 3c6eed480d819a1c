package dev.stellar.finetune.model.modernbert;

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
 * transformers' ModernBertModel as ONNX nodes, the export counterpart of {@link ModernBertEncoder}. The
 * rotary tables and the sliding-window mask are computed in the graph from the input's sequence length, so
 * the sequence axis stays dynamic. LayerNormalization takes no bias input (opset 17 allows that).
 */
public final class ModernBertOnnxGraph implements EncoderGraph {

    private final OnnxGraphBuilder graph;
    private final EncoderConfig config;
    private final ModernBertConfig options;
    private final OnnxWeights weights;
    private final OnnxLinear linear;
    private final OnnxEmbedding words;
    private final String prefix;

    /**
     * @param linear how the layers' Linear layers are written (float32 or int8)
     * @param words how the token embeddings are looked up (float32 or int8 rows)
     * @param prefix the encoder's name in the checkpoint, {@code model.}
     */
    public ModernBertOnnxGraph(
            OnnxGraphBuilder graph,
            EncoderConfig config,
            OnnxWeights weights,
            OnnxLinear linear,
            OnnxEmbedding words,
            String prefix) {
        this.graph = graph;
        this.config = config;
        this.options = ModernBertConfig.of(config);
        this.weights = weights;
        this.linear = linear;
        this.words = words;
        this.prefix = prefix;
    }

    /** @param tokenTypeIds ignored (may be null): ModernBERT has no token types */
    @Override
    public String encoder(String inputIds, String tokenTypeIds, String attentionMask) {
        graph.scope(prefix + "embeddings");
        String x = layerNorm(
                words.lookup(graph, weights, prefix + "embeddings.tok_embeddings.weight", inputIds),
                prefix + "embeddings.norm");
        graph.scope(prefix + "attention_mask");
        String positions = graph.node(
                "Range",
                graph.scalarLong(0),
                graph.node(
                        "Squeeze",
                        graph.node("Shape", inputIds, attribute("start", 1L), attribute("end", 2L)),
                        graph.vector(0)),
                graph.scalarLong(1));
        String padding = BertOnnxGraph.maskBias(graph, attentionMask);
        String windowed = null;
        String[] globalRope = null;
        String[] localRope = null;
        for (int i = 0; i < config.numLayers(); i++) {
            String mask;
            String[] rope;
            graph.scope(prefix + "rotary_emb");
            if (options.isLocal(i)) {
                if (localRope == null) {
                    localRope = rotaryTables(positions, options.localRopeTheta(), "local");
                    windowed = graph.node("Min", padding, window(positions));
                }
                mask = windowed;
                rope = localRope;
            } else {
                if (globalRope == null) {
                    globalRope = rotaryTables(positions, options.globalRopeTheta(), "global");
                }
                mask = padding;
                rope = globalRope;
            }
            x = layer(x, mask, rope, prefix + "layers." + i + ".", i > 0);
        }
        graph.scope(prefix + "final_norm");
        return layerNorm(x, prefix + "final_norm");
    }

    /** 0 where |i - j| is within the window radius, the lowest float elsewhere: (S, S). */
    private String window(String positions) {
        String distance = graph.node(
                "Abs",
                graph.node(
                        "Sub",
                        graph.node("Unsqueeze", positions, graph.vector(1)),
                        graph.node("Unsqueeze", positions, graph.vector(0))));
        return graph.node(
                "Where",
                graph.node("Greater", distance, graph.scalarLong(options.windowRadius())),
                graph.scalar(-Float.MAX_VALUE),
                graph.scalar(0f));
    }

    /** cos and sin of positions x inv_freq, each half repeated: (S, d), as {@link RotaryTables} makes them. */
    private String[] rotaryTables(String positions, double theta, String name) {
        int d = config.headSize();
        float[] inverse = new float[d / 2];
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] = (float) (1 / Math.pow(theta, 2.0 * i / d));
        }
        String frequencies =
                graph.floats(prefix + "rotary_emb." + name + ".inv_freq", new long[] {1, inverse.length}, inverse);
        String angles = graph.node(
                "Mul",
                graph.node(
                        "Unsqueeze",
                        graph.node("Cast", positions, attribute("to", (long) OnnxGraphBuilder.FLOAT)),
                        graph.vector(1)),
                frequencies);
        String both = graph.node("Concat", angles, angles, attribute("axis", -1L));
        return new String[] {graph.node("Cos", both), graph.node("Sin", both)};
    }

    private String layer(String x, String mask, String[] rope, String p, boolean attentionNorm) {
        int heads = config.numHeads();
        int d = config.headSize();
        graph.scope(p + "attn");
        String normed = attentionNorm ? layerNorm(x, p + "attn_norm") : x;
        String qkv = graph.node(
                "Transpose",
                graph.node(
                        "Reshape",
                        linear.apply(graph, weights, normed, p + "attn.Wqkv"),
                        graph.vector(0, 0, 3, heads, d)),
                ints("perm", 2, 0, 3, 1, 4));
        String q = rotate(graph.node("Gather", qkv, graph.scalarLong(0), attribute("axis", 0L)), rope, d);
        String k = rotate(graph.node("Gather", qkv, graph.scalarLong(1), attribute("axis", 0L)), rope, d);
        String v = graph.node("Gather", qkv, graph.scalarLong(2), attribute("axis", 0L));
        String scores = graph.node(
                "Add",
                graph.node(
                        "Div",
                        graph.node("MatMul", q, graph.node("Transpose", k, ints("perm", 0, 1, 3, 2))),
                        graph.scalar((float) Math.sqrt(d))),
                mask);
        String context = graph.node(
                "Reshape",
                graph.node(
                        "Transpose",
                        graph.node("MatMul", graph.node("Softmax", scores, attribute("axis", -1L)), v),
                        ints("perm", 0, 2, 1, 3)),
                graph.vector(0, 0, config.hiddenSize()));
        String attended = graph.node("Add", x, linear.apply(graph, weights, context, p + "attn.Wo"));
        graph.scope(p + "mlp");
        int inner = config.intermediateSize();
        String wi = linear.apply(graph, weights, layerNorm(attended, p + "mlp_norm"), p + "mlp.Wi");
        String gated = graph.node("Mul", BertOnnxGraph.gelu(graph, slice(wi, 0, inner)), slice(wi, inner, 2L * inner));
        return graph.node("Add", attended, linear.apply(graph, weights, gated, p + "mlp.Wo"));
    }

    /** v * cos + rotate_half(v) * sin, rotate_half(v) = cat(-v[..., d/2:], v[..., :d/2]). */
    private String rotate(String v, String[] rope, int d) {
        int half = d / 2;
        String rotated =
                graph.node("Concat", graph.node("Neg", slice(v, half, d)), slice(v, 0, half), attribute("axis", -1L));
        return graph.node("Add", graph.node("Mul", v, rope[0]), graph.node("Mul", rotated, rope[1]));
    }

    /** x[..., from:to]. */
    private String slice(String x, long from, long to) {
        return graph.node("Slice", x, graph.vector(from), graph.vector(to), graph.vector(-1));
    }

    /** A LayerNorm without bias: LayerNormalization with its optional bias input left out. */
    private String layerNorm(String x, String name) {
        String scale =
                graph.floats(name + ".weight", weights.shape(name + ".weight"), weights.values(name + ".weight"));
        return graph.node(
                "LayerNormalization", x, scale, attribute("axis", -1L), attribute("epsilon", config.layerNormEps()));
    }
}
