package dev.stellar.examples.reviews;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies texts with a model that finetune:freeze-and-train exported as model.onnx, encoding them as the
 * plugin did in training: the model's own tokenizer.json, special tokens added, no padding, truncation to the
 * training maxLength. The model's metadata holds maxLength and the label names. Load once and share: an ONNX
 * Runtime session takes concurrent runs, and encoding only reads the tokenizer.
 */
public final class SentimentClassifier implements AutoCloseable {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final List<String> labels;

    private SentimentClassifier(OrtSession session, HuggingFaceTokenizer tokenizer, List<String> labels) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.labels = labels;
    }

    /** Loads model.onnx and tokenizer.json from a folder on the class path, e.g. "reviews-model" in the app's jar. */
    public static SentimentClassifier fromClasspath(String folder) throws IOException, OrtException {
        try (InputStream onnx = resource(folder + "/model.onnx");
                InputStream tokenizerJson = resource(folder + "/tokenizer.json")) {
            return load(onnx.readAllBytes(), tokenizerJson);
        }
    }

    private static SentimentClassifier load(byte[] onnx, InputStream tokenizerJson) throws IOException, OrtException {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = ENVIRONMENT.createSession(onnx, options);
        }
        try {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            if (metadata.getOrDefault("text_columns", "").contains(",")) {
                throw new IllegalArgumentException("A sentence-pair model (text columns "
                        + metadata.get("text_columns") + "): encode both texts with tokenizer.encode(text, pair)");
            }
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                    "addSpecialTokens", "true",
                    "padding", "false",
                    "truncation", "true", // longest-first, as in training
                    "maxLength", required(metadata, "max_length")));
            return new SentimentClassifier(session, tokenizer, labels(required(metadata, "id2label")));
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The label names in the model's id order. */
    public List<String> labels() {
        return labels;
    }

    public Classification classify(String text) throws OrtException {
        Encoding encoding = tokenizer.encode(text);
        try (OnnxTensor ids = tensor(encoding.getIds());
                OnnxTensor mask = tensor(encoding.getAttentionMask());
                OnnxTensor types = tensor(encoding.getTypeIds());
                OrtSession.Result result = session.run(Map.of(
                        "input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
            return classification(softmax(logits[0]));
        }
    }

    private static OnnxTensor tensor(long[] row) throws OrtException {
        return OnnxTensor.createTensor(ENVIRONMENT, new long[][] {row});
    }

    private Classification classification(double[] probabilities) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            byLabel.put(labels.get(i), probabilities[i]);
            best = probabilities[i] > probabilities[best] ? i : best;
        }
        return new Classification(labels.get(best), byLabel);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        for (int i = 0; i < exp.length; i++) {
            exp[i] /= sum;
        }
        return exp;
    }

    /** {"0": "negative", "1": "positive"} as a list indexed by id. */
    private static List<String> labels(String id2label) {
        JsonObject json = JsonParser.parseString(id2label).getAsJsonObject();
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < json.size(); id++) {
            labels.add(json.get(Integer.toString(id)).getAsString());
        }
        return List.copyOf(labels);
    }

    private static String required(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("model.onnx has no metadata " + key
                    + ": export it with finetune-maven-plugin 0.1.0 or later");
        }
        return value;
    }

    private static InputStream resource(String name) throws FileNotFoundException {
        InputStream stream = SentimentClassifier.class.getClassLoader().getResourceAsStream(name);
        if (stream == null) {
            throw new FileNotFoundException(name + " is not on the class path");
        }
        return stream;
    }

    @Override
    public void close() throws OrtException {
        tokenizer.close();
        session.close();
    }
}
