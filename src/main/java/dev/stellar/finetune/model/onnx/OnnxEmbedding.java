package dev.stellar.finetune.model.onnx;

/** How an embedding lookup (the rows of a table picked by ids) is written into a graph. */
public interface OnnxEmbedding {

    /**
     * @param table the table's Hugging Face name, e.g. {@code bert.embeddings.word_embeddings.weight} ([rows, size])
     * @param ids the int64 ids, any shape
     * @return the picked rows, [..., size]
     */
    String lookup(OnnxGraphBuilder graph, OnnxWeights weights, String table, String ids);

    /** The table in float32, looked up with Gather. */
    OnnxEmbedding FP32 = (graph, weights, table, ids) ->
            graph.node("Gather", graph.floats(table, weights.shape(table), weights.values(table)), ids);

    /**
     * The table as int8 rows, each with its own symmetric scale: a quarter of the bytes, and a rounding error of at
     * most half a step (a 254th of the row's largest value) per value. The rows picked are scaled back to float.
     */
    OnnxEmbedding INT8_ROWS = (graph, weights, table, ids) -> {
        long[] shape = weights.shape(table);
        Int8Rows q = Int8Rows.of(weights.values(table), Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
        String values = graph.initializer(table + "_quantized", OnnxGraphBuilder.INT8, shape, q.values());
        String scales = graph.floats(table + "_scale", new long[] {shape[0]}, q.scales());
        String picked = graph.node("Cast", graph.node("Gather", values, ids), OnnxGraphBuilder.attribute("to", (long)
                OnnxGraphBuilder.FLOAT));
        return graph.node("Mul", picked, graph.node("Unsqueeze", graph.node("Gather", scales, ids), graph.vector(-1)));
    };
}
