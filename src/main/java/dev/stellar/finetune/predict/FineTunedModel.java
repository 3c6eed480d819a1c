package dev.stellar.finetune.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ArchiveModelSource;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.HeadLayout;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model directory that finetune:freeze-and-train wrote, found from predict's {@code modelDir}: the project's
 * {@code target/finetune/model} by default, another directory, or a model zip (unpacked once into the model
 * cache, keyed by its hash). What it was trained with comes from its training.json.
 *
 * @param directory the model directory (an archive's unpacked copy)
 * @param location modelDir as given, or the default directory, for messages
 * @param maxLength the token budget of its training data; 0 when training.json does not record it
 * @param textColumns the text column(s) it was trained on, two for sentence pairs; {@code null} when
 *     training.json does not record them
 */
public record FineTunedModel(Path directory, String location, int maxLength, List<String> textColumns) {

    public static final String PARAMETER = "modelDir";
    private static final String FIX = "run mvn finetune:train first (it writes target/finetune/model), or give"
            + " -Dfinetune.modelDir=<a model directory or model zip written by finetune:freeze-and-train>";

    public FineTunedModel {
        textColumns = textColumns == null ? null : List.copyOf(textColumns);
    }

    /**
     * @param modelDir the parameter's value, {@code null} for {@code defaultDirectory}
     * @param baseDirectory what a relative modelDir is resolved against
     * @param archiveCache where a model zip is unpacked
     */
    public static FineTunedModel locate(
            String modelDir, Path baseDirectory, Path defaultDirectory, Path archiveCache, BuildLog log) {
        if (modelDir == null) {
            if (!Files.isRegularFile(defaultDirectory.resolve(ModelDirectory.CONFIG))) {
                throw new ConfigurationException(
                        PARAMETER, null, "there is no trained model in " + defaultDirectory, FIX);
            }
            return check(defaultDirectory, defaultDirectory.toString());
        }
        Path path;
        try {
            path = baseDirectory.resolve(modelDir).normalize();
        } catch (InvalidPathException e) {
            throw new ConfigurationException(PARAMETER, modelDir, "it is not a valid path", FIX);
        }
        if (Files.isRegularFile(path)) {
            Path unpacked = new ArchiveModelSource(baseDirectory, archiveCache, PARAMETER)
                    .resolve(modelDir, log)
                    .orElseThrow(() -> new ConfigurationException(
                            PARAMETER, modelDir, "the file " + path + " is neither a model directory nor a .zip", FIX));
            return check(unpacked, modelDir);
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigurationException(
                    PARAMETER, modelDir, "there is no such directory or file (" + path + ")", FIX);
        }
        return check(path, modelDir);
    }

    private static FineTunedModel check(Path directory, String location) {
        Path configFile = directory.resolve(ModelDirectory.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigurationException(
                    PARAMETER,
                    location,
                    "the directory " + directory + " has no " + ModelDirectory.CONFIG
                            + ", so it is no model finetune:freeze-and-train wrote",
                    FIX);
        }
        JsonObject config = readObject(configFile, location);
        if (!config.has("id2label") || !config.has(HeadLayout.SECTION)) {
            throw new ConfigurationException(
                    PARAMETER,
                    location,
                    "its config.json has no classifier record (id2label"
                            + " and the \"" + HeadLayout.SECTION
                            + "\" section that finetune:freeze-and-train writes): it is"
                            + " not a model this plugin fine-tuned",
                    FIX);
        }
        if (!Files.isRegularFile(directory.resolve(ModelDirectory.TOKENIZER))) {
            throw new ConfigurationException(
                    PARAMETER,
                    location,
                    "the directory " + directory + " has no " + ModelDirectory.TOKENIZER
                            + " (the tokenizer the model was trained with)",
                    FIX);
        }
        Path trainingFile = directory.resolve(ModelWriter.TRAINING_REPORT);
        if (!Files.isRegularFile(trainingFile)) {
            return new FineTunedModel(directory, location, 0, null);
        }
        JsonFields training = JsonFields.of(
                readObject(trainingFile, location),
                problem -> new ConfigurationException(
                        PARAMETER,
                        location,
                        trainingFile + " is malformed: " + problem,
                        "train the model again (or delete" + " its " + ModelWriter.TRAINING_REPORT
                                + " and give -Dfinetune.maxLength)"));
        JsonArray columns = training.array("textColumns");
        List<String> textColumns = null;
        if (columns != null && !columns.isEmpty()) {
            textColumns = new ArrayList<>();
            for (JsonElement column : columns) {
                if (!column.isJsonPrimitive() || !column.getAsJsonPrimitive().isString()) {
                    throw training.failure()
                            .apply("\"textColumns\" holds " + JsonFields.describe(column)
                                    + " where column names were expected");
                }
                textColumns.add(column.getAsString());
            }
        }
        return new FineTunedModel(
                directory,
                location,
                (int) training.integer("maxLength", 1, EncoderConfig.MAX_POSITIONS, 0),
                textColumns);
    }

    /** Whether the model was trained on sentence pairs; {@code null} when its training.json does not say. */
    public Boolean pairs() {
        return textColumns == null ? null : textColumns.size() == 2;
    }

    private static JsonObject readObject(Path file, String location) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(PARAMETER, location, file + " is not a JSON object", FIX);
        }
    }
}
