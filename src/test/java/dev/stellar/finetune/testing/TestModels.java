package dev.stellar.finetune.testing;

import dev.stellar.finetune.engine.EngineSetup;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test fixtures every engine test uses. */
public final class TestModels {

    private TestModels() {}

    /** The random 2-layer BERT (hidden 32) with the bert-base-uncased tokenizer, in src/test/resources. */
    public static Path tinyBert() {
        return resource("tiny-bert");
    }

    /**
     * The random 2-layer RoBERTa (hidden 32, pad id 1) with a toy byte-level BPE tokenizer and its float64
     * golden outputs, in src/test/resources.
     */
    public static Path tinyRoberta() {
        return resource("tiny-roberta");
    }

    /**
     * The random 2-layer DistilBERT (dim 32, no token types) with the bert-base-uncased tokenizer and its
     * float64 golden outputs, in src/test/resources.
     */
    public static Path tinyDistilbert() {
        return resource("tiny-distilbert");
    }

    /**
     * The random 2-layer ELECTRA discriminator (embeddings 16 wide, projected to hidden 32) with the
     * bert-base-uncased tokenizer and its float64 golden outputs, in src/test/resources.
     */
    public static Path tinyElectra() {
        return resource("tiny-electra");
    }

    /**
     * The random 3-layer ModernBERT (hidden 32; layer 0 global, 1 and 2 local with a window of +-2) with a toy
     * byte-level BPE tokenizer and its float64 golden outputs (real rows only), in src/test/resources.
     */
    public static Path tinyModernBert() {
        return resource("tiny-modernbert");
    }

    /**
     * The random 2-layer DeBERTa-v2 configured as DeBERTa-v3 (hidden 32, 8 position buckets) with a toy Unigram
     * tokenizer and its float64 golden outputs, in src/test/resources.
     */
    public static Path tinyDebertaV2() {
        return resource("tiny-deberta-v2");
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestModels.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the engine once per test JVM, with the settings the plugin uses. */
    public static void startEngine() {
        EngineSetup.start(2, 42);
    }
}
