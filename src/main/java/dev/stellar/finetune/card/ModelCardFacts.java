package dev.stellar.finetune.card;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.model.BaseModel;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.HeadLayout;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.report.ReportInputs;
import dev.stellar.finetune.train.TrainingMetrics;
import dev.stellar.finetune.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a model card says, read from the files the goals left and nothing else: the model directory's
 * config.json, training.json, metrics.json and file names, the prepared data's stats.json, and evaluation.json
 * when it scored this very model. Each piece is optional: a missing, older or unreadable file leaves its part
 * of the card out.
 *
 * @param config the model's config.json; empty when unreadable
 * @param files the names of the files in the model directory, the card included
 */
public record ModelCardFacts(
        JsonObject config,
        Optional<TrainingReport> training,
        Optional<TrainingMetrics> metrics,
        Optional<PreparedData> data,
        Optional<EvaluationReport> evaluation,
        List<String> files) {

    public static final String CARD = "README.md";

    /** @param withEvaluation whether evaluation.json belongs on the card (evaluate writes it; training does not) */
    public static ModelCardFacts gather(WorkLayout layout, boolean withEvaluation) {
        Path model = layout.modelDirectory();
        ReportInputs inputs = ReportInputs.read(layout);
        return new ModelCardFacts(
                readOr(model.resolve(ModelDirectory.CONFIG), JsonObject.class, new JsonObject()),
                inputs.training(),
                Optional.ofNullable(readOr(model.resolve(ModelWriter.METRICS), TrainingMetrics.class, null)),
                inputs.data(),
                withEvaluation ? inputs.evaluation() : Optional.empty(),
                files(model));
    }

    public List<String> labels() {
        try {
            return HeadLayout.readLabels(config, Path.of(ModelDirectory.CONFIG));
        } catch (RuntimeException e) {
            return List.of(); // an id2label with gaps: the card lists no labels rather than wrong ones
        }
    }

    /** What the model's outputs mean (config.json's problem_type and threshold). */
    public ModelTask task() {
        return HeadLayout.readTask(config, Path.of(ModelDirectory.CONFIG));
    }

    public Optional<HeadSettings> head() {
        try {
            return Optional.ofNullable(HeadLayout.readHead(config, Path.of(ModelDirectory.CONFIG)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether config.json names a transformers *ForSequenceClassification class (see HeadLayout). */
    /** config.json's model_type ({@code bert} where it has none, as transformers reads such a file). */
    public String modelType() {
        return configString("model_type").orElse("bert");
    }

    /** The encoder family config.json names (model_type), BERT where it names none the plugin knows. */
    public Architecture architecture() {
        return configString("model_type").flatMap(Architecture::of).orElse(Architecture.BERT);
    }

    /** The head as the model holds it (its steps and tensor names), when config.json records it. */
    public Optional<ClassifierHead> ownHead() {
        return head().map(h -> {
            EncoderConfig encoder = EncoderConfig.parse(config, Path.of("config.json"), "model", true);
            return architecture().head(encoder, h, labels().size());
        });
    }

    public boolean loadsAsSequenceClassification() {
        JsonElement architectures = config.get("architectures");
        return architectures != null
                && architectures.isJsonArray()
                && architectures.getAsJsonArray().size() == 1
                && Architecture.ofSequenceClassification(
                                architectures.getAsJsonArray().get(0).getAsString())
                        .isPresent();
    }

    /** The token budget the model was trained with; 0 when neither training.json nor stats.json records it. */
    public int maxLength() {
        return training.map(TrainingReport::maxLength)
                .filter(length -> length > 0)
                .or(() -> data.map(PreparedData::maxLength))
                .orElse(0);
    }

    public List<String> textColumns() {
        return training.map(TrainingReport::textColumns)
                .or(() -> data.map(PreparedData::textColumns))
                .orElse(List.of());
    }

    public Optional<BaseModel> baseModel() {
        return training.map(TrainingReport::baseModel);
    }

    /** The ONNX export to show in the examples: model.onnx, else the int8 one; empty with exportFormats none. */
    public Optional<String> onnxFile() {
        return Stream.of("model.onnx", "model_int8.onnx")
                .filter(files::contains)
                .findFirst();
    }

    public Optional<String> hubDataset() {
        return data.filter(PreparedData::datasetOnHub).map(PreparedData::dataset);
    }

    public int configInt(String key) {
        JsonElement value = config.get(key);
        return value != null
                        && value.isJsonPrimitive()
                        && value.getAsJsonPrimitive().isNumber()
                ? value.getAsInt()
                : 0;
    }

    public Optional<String> configString(String key) {
        JsonElement value = config.get(key);
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }

    private static List<String> files(Path model) {
        TreeSet<String> names = new TreeSet<>(List.of(CARD));
        try (Stream<Path> listing = Files.list(model)) {
            listing.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .forEach(names::add);
        } catch (IOException e) {
            return List.copyOf(names); // the card then lists itself only
        }
        return List.copyOf(names);
    }

    private static <T> T readOr(Path file, Class<T> type, T fallback) {
        if (!Files.isRegularFile(file)) {
            return fallback;
        }
        try {
            return Json.read(file, type);
        } catch (RuntimeException e) {
            return fallback; // written by another version: that part of the card is left out
        }
    }
}
