package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.bert.BertEncoder;

/**
 * The whole classifier: the BERT encoder under {@code bert.*}, pooling, and the head under
 * {@code classifier.*}, the names of Hugging Face's BertForSequenceClassification.
 */
public final class SequenceClassifier extends NamedBlock {

    private final BertEncoder bert;
    private final ClassifierHead classifier;
    private final Pooling pooling;

    public SequenceClassifier(BertEncoder bert, ClassifierHead classifier, Pooling pooling) {
        this.bert = child("bert", bert);
        this.classifier = child("classifier", classifier);
        this.pooling = pooling;
    }

    public BertEncoder bert() {
        return bert;
    }

    public ClassifierHead classifier() {
        return classifier;
    }

    public Pooling pooling() {
        return pooling;
    }

    /**
     * Inputs: input_ids (B, S) int64, token_type_ids (B, S) int64, the additive attention mask
     * (B, 1, 1, S) and the attention mask (B, S) as floats. Output: logits (B, numLabels).
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray hidden = bert.forward(store, inputs, training).singletonOrThrow();
        NDArray pooled = switch (pooling) {
            case POOLER -> bert.pool(store, hidden, training);
            case CLS -> BertEncoder.firstToken(hidden);
            case MEAN -> meanOverTokens(hidden, inputs.get(3));
        };
        return classifier.forward(store, new NDList(pooled), training);
    }

    private static NDArray meanOverTokens(NDArray hidden, NDArray mask) {
        NDArray weights = mask.expandDims(2);
        return hidden.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), bert.config().hiddenSize())});
    }
}
