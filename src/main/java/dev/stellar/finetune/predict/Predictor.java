package dev.stellar.finetune.predict;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.RawRow;
import dev.stellar.finetune.data.SplitEncoder;
import dev.stellar.finetune.data.TableReader;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.train.Scorer;
import dev.stellar.finetune.train.Scores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies texts with a fine-tuned model: encoded as prepare-data encodes them (the model's own
 * tokenizer.json, its maxLength, pairs truncated longest-first) and scored as evaluate scores a split, so a
 * row gets the probabilities evaluate gives it. The engine must have been started.
 */
public final class Predictor implements AutoCloseable {

    private static final int BATCH_SIZE = 64;

    private final FineTunedModel source;
    private final ClassifierModel model;
    private final SplitEncoder encoder;
    private final int maxLength;

    private Predictor(FineTunedModel source, ClassifierModel model, SplitEncoder encoder, int maxLength) {
        this.source = source;
        this.model = model;
        this.encoder = encoder;
        this.maxLength = maxLength;
    }

    /** @param defaultMaxLength the maxLength parameter, used when the model's training.json does not record one */
    public static Predictor open(FineTunedModel source, int defaultMaxLength) {
        int maxLength = source.maxLength() > 0 ? source.maxLength() : defaultMaxLength;
        ClassifierModel model = ClassifierModel.loadFineTuned(source.directory(), FineTunedModel.PARAMETER);
        try {
            return new Predictor(
                    source,
                    model,
                    SplitEncoder.open(
                            source.directory(), maxLength, model.config(), FineTunedModel.PARAMETER, source.location()),
                    maxLength);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public List<String> labels() {
        return model.labels();
    }

    public int maxLength() {
        return maxLength;
    }

    public FineTunedModel source() {
        return source;
    }

    /** One text, or a text pair ({@code pair} non-null), given on the command line. */
    public PredictionReport predictText(String text, String pair, BuildLog log) {
        Boolean pairs = source.pairs();
        if (pair != null && Boolean.FALSE.equals(pairs)) {
            throw new ConfigurationException(
                    "textPair",
                    pair,
                    "the model " + source.location() + " was trained on" + " single texts (textColumns "
                            + String.join(",", source.textColumns()) + ")",
                    "leave out -Dfinetune.textPair, or give -Dfinetune.modelDir a model trained on sentence pairs");
        }
        if (pair == null && Boolean.TRUE.equals(pairs)) {
            throw new ConfigurationException(
                    "textPair",
                    null,
                    "the model " + source.location() + " was trained on"
                            + " sentence pairs (textColumns " + String.join(",", source.textColumns()) + ") and needs a"
                            + " second text",
                    "add -Dfinetune.textPair=\"the second text\"");
        }
        List<Prediction> predictions = predict(List.of(text), pair == null ? null : List.of(pair), log);
        return report(pair == null ? List.of("text") : List.of("text", "text_pair"), predictions);
    }

    /**
     * The rows of a table file.
     *
     * @param textColumns the textColumns parameter; when the file lacks them (or they are one column and the model
     *     takes pairs), the columns the model was trained on are read if the file has them
     */
    public PredictionReport predictFile(Path file, List<String> textColumns, BuildLog log) {
        ConfigurationException firstMissing = null;
        for (List<String> columns : columnChoices(textColumns)) {
            List<RawRow> rows;
            try {
                rows = TableReader.readTexts(file, columns, "input");
            } catch (ConfigurationException e) {
                if (!e.parameter().equals("textColumns")) {
                    throw e;
                }
                firstMissing = firstMissing == null ? e : firstMissing;
                continue;
            }
            if (!columns.equals(textColumns)) {
                log.info("Reading the column(s) " + String.join(",", columns) + " the model was trained on");
            }
            List<String> texts = rows.stream().map(RawRow::text).toList();
            List<String> pairs =
                    columns.size() == 2 ? rows.stream().map(RawRow::pair).toList() : null;
            return report(columns, predict(texts, pairs, log));
        }
        List<String> trained = source.textColumns();
        if (trained != null && trained.size() != textColumns.size()) {
            throw new ConfigurationException(
                    "textColumns",
                    String.join(",", textColumns),
                    "the model "
                            + source.location() + " was trained on "
                            + (trained.size() == 2 ? "sentence pairs" : "single" + " texts") + " (textColumns "
                            + String.join(",", trained) + ") and the file " + file
                            + " has not these columns",
                    "set -Dfinetune.textColumns to the file's "
                            + (trained.size() == 2 ? "two text columns, e.g. sentence1,sentence2" : "text column"));
        }
        throw firstMissing;
    }

    /**
     * The columns to try, in order: the textColumns parameter when it names as many columns as the model takes,
     * then the columns the model was trained on.
     */
    private List<List<String>> columnChoices(List<String> textColumns) {
        List<String> trained = source.textColumns();
        List<List<String>> choices = new ArrayList<>();
        if (trained == null || trained.size() == textColumns.size()) {
            choices.add(textColumns);
        }
        if (trained != null && !trained.equals(textColumns)) {
            choices.add(trained);
        }
        return choices;
    }

    /** Classifies texts (and their pairs, or {@code null}); rows are numbered from 1 in the given order. */
    public List<Prediction> predict(List<String> texts, List<String> pairs, BuildLog log) {
        EncodedSplit split = encoder.encode("input", texts, pairs, null, log).split();
        Scores scores = new Scorer(model, BATCH_SIZE).score(split, texts.size() > 1 ? log : null, "predicting");
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            predictions.add(new Prediction(
                    i + 1,
                    texts.get(i),
                    pairs == null ? null : pairs.get(i),
                    answer(scores.probabilities()[i], scores.predictions()[i]),
                    scores.probabilities()[i]));
        }
        return predictions;
    }

    /** The label, the labels from the threshold on (joined by |), or the value, as the model's task has it. */
    private String answer(float[] outputs, int likeliest) {
        ModelTask task = model.task();
        if (task.isRegression()) {
            return String.format(Locale.ROOT, "%.4f", outputs[0]);
        }
        if (task.isMultiLabel()) {
            List<String> chosen = new ArrayList<>();
            for (int k = 0; k < outputs.length; k++) {
                if (outputs[k] >= task.threshold()) {
                    chosen.add(model.labels().get(k));
                }
            }
            return String.join("|", chosen);
        }
        return model.labels().get(likeliest);
    }

    private PredictionReport report(List<String> columns, List<Prediction> predictions) {
        return new PredictionReport(
                source.directory().toString(), model.labels(), columns, predictions, null, model.task());
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            model.close();
        }
    }
}
