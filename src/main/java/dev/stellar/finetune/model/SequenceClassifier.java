package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.engine.NoGrad;
import dev.stellar.finetune.model.arch.Encoder;

/**
 * The whole classifier: the encoder under its family's prefix ({@code bert.*}, {@code roberta.*}), pooling,
 * and the head under {@code classifier.*}, the names of transformers' *ForSequenceClassification.
 */
public final class SequenceClassifier extends NamedBlock {

    private final Encoder encoder;
    private final ClassifierHead classifier;
    private final Pooling pooling;
    private int frozenLayers = -1;
    private boolean frozenDropout;

    public SequenceClassifier(Encoder encoder, ClassifierHead classifier, Pooling pooling) {
        this.encoder = child(encoder.config().architecture().prefix(), encoder);
        // The head names its own parameters from the root (classifier.*, pre_classifier.*, pooler.dense.*).
        this.classifier = child("", classifier);
        this.pooling = pooling;
    }

    public Encoder encoder() {
        return encoder;
    }

    public ClassifierHead classifier() {
        return classifier;
    }

    public Pooling pooling() {
        return pooling;
    }

    /**
     * Marks the embeddings and the first {@code layers} encoder layers as a frozen prefix: it runs without
     * recording autograd state, and without dropout unless {@code dropout}. {@code layers} -1 ends the
     * prefix (nothing frozen).
     */
    public void freezePrefix(int layers, boolean dropout) {
        this.frozenLayers = layers;
        this.frozenDropout = dropout;
    }

    /** Encoder layers in the frozen prefix; -1 when even the embeddings train. */
    public int frozenLayers() {
        return frozenLayers;
    }

    public boolean hasFrozenPrefix() {
        return frozenLayers >= 0;
    }

    /**
     * Inputs: input_ids (B, S) int64, token_type_ids (B, S) int64, the additive attention mask
     * (B, 1, 1, S) and the attention mask (B, S) as floats. Output: logits (B, numLabels).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!hasFrozenPrefix()) {
            return new NDList(fromPrefix(store, encoder.embed(store, inputs, training), inputs, training));
        }
        return new NDList(fromPrefix(store, frozenPrefix(store, inputs, training), inputs, training));
    }

    /**
     * The hidden states after the frozen prefix, computed without autograd. With training on and
     * frozen dropout off they depend only on the row, which is what makes them cacheable.
     */
    public NDArray frozenPrefix(ParameterStore store, NDList inputs, boolean training) {
        if (!hasFrozenPrefix()) {
            throw new IllegalStateException("this classifier has no frozen prefix");
        }
        boolean dropout = training && frozenDropout;
        try (NoGrad ignored = NoGrad.enter()) {
            NDArray x = encoder.embed(store, inputs, dropout);
            NDArray out = encoder.runLayers(store, x, inputs, 0, frozenLayers, dropout);
            // A TorchScript layer run without training returns an inference-mode tensor, which autograd
            // refuses to save for the trained layers' backward; a plain copy is a normal tensor.
            return training && !dropout && frozenLayers > 0 ? out.duplicate() : out;
        }
    }

    /** Logits from the hidden states after the frozen prefix (or after the embeddings when none). */
    public NDArray fromPrefix(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        int from = Math.max(frozenLayers, 0);
        NDArray last = encoder.finish(
                store,
                encoder.runLayers(store, hidden, inputs, from, encoder.layers().size(), training),
                training);
        NDArray pooled = switch (pooling) {
            case POOLER -> encoder.pool(store, last, training);
            case CLS -> Encoder.firstToken(last);
            case MEAN -> meanOverTokens(last, inputs.get(3));
        };
        return classifier.forward(store, new NDList(pooled), training).singletonOrThrow();
    }

    private static NDArray meanOverTokens(NDArray hidden, NDArray mask) {
        NDArray weights = mask.expandDims(2);
        return hidden.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(
                new Shape[] {new Shape(inputShapes[0].get(0), encoder.config().hiddenSize())});
    }
}
