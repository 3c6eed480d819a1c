package dev.stellar.finetune.model;

import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.arch.Encoder;

/**
 * Which parts of the encoder stay fixed: 0 freezes nothing, -1 only the embeddings, N the embeddings and
 * encoder layers 0..N-1. A pooler that the chosen pooling does not use is frozen too, so that weight
 * decay never drifts weights no gradient reaches.
 */
public record FreezePlan(int freezeLayerCount, int layerCount) {

    public FreezePlan {
        if (freezeLayerCount < -1 || freezeLayerCount > layerCount) {
            throw new ConfigurationException(
                    "freezeLayerCount",
                    freezeLayerCount,
                    "the model has " + layerCount + " encoder layers",
                    "use a value from -1 to " + layerCount
                            + " (0: train everything; -1: freeze the embeddings; N: the embeddings and the first N layers)");
        }
    }

    public boolean embeddingsFrozen() {
        return freezeLayerCount != 0;
    }

    public boolean layerFrozen(int layer) {
        return layer < freezeLayerCount;
    }

    /** Index of the lowest layer that trains; {@code layerCount} when all are frozen. */
    public int firstTrainedLayer() {
        return Math.max(freezeLayerCount, 0);
    }

    public void apply(ClassifierModel model) {
        apply(model, false);
    }

    /** @param frozenDropout keep dropout on inside the frozen layers while training */
    public void apply(ClassifierModel model, boolean frozenDropout) {
        SequenceClassifier network = model.network();
        network.freezePrefix(embeddingsFrozen() ? firstTrainedLayer() : -1, frozenDropout);
        Encoder encoder = network.encoder();
        for (NamedBlock block : encoder.embeddingBlocks()) {
            freeze(block.namedParameters().values(), embeddingsFrozen());
        }
        for (int i = 0; i < encoder.layers().size(); i++) {
            freeze(encoder.layers().get(i).namedParameters().values(), layerFrozen(i));
        }
        for (NamedBlock block : encoder.finalBlocks()) {
            freeze(block.namedParameters().values(), firstTrainedLayer() == layerCount);
        }
        if (encoder.pooler() != null) {
            freeze(encoder.pooler().namedParameters().values(), network.pooling() != Pooling.POOLER);
        }
        freeze(network.classifier().namedParameters().values(), false);
    }

    private static void freeze(Iterable<Parameter> parameters, boolean frozen) {
        for (Parameter p : parameters) {
            p.freeze(frozen);
        }
    }
}
