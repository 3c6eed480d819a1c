package dev.stellar.finetune.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ClassWeights;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.predict.FineTunedModel;
import dev.stellar.finetune.predict.Predictor;
import dev.stellar.finetune.testing.CardJavaExample;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The model card of a real tiny training (prepare-data, freeze-and-train, evaluate), checked against the files
 * it was written from: the front matter parsed back by SnakeYAML, the tables parsed back from the Markdown.
 */
class ModelCardTest {

    @TempDir
    static Path project;

    private static FinetuneSettings settings;
    private static String afterTraining;
    private static String afterEvaluation;
    private static String afterReuse;
    private static RecordingLog reuseLog;

    @BeforeAll
    static void trainAndEvaluate() throws Exception {
        TestModels.startEngine();
        settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(2, 3e-3), null);
        Path card = settings.layout().modelDirectory().resolve("README.md");
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), settings), new RecordingLog(), Map.of());
        afterTraining = Files.readString(card);
        JobRunner.run(new Job(List.of(Step.EVALUATE), settings), new RecordingLog(), Map.of());
        afterEvaluation = Files.readString(card);
        reuseLog = new RecordingLog();
        Files.delete(card);
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN), settings), reuseLog, Map.of());
        afterReuse = Files.readString(card);
    }

    @Test
    void aModelFromMavenCoordinatesIsNamedByThemNotByTheFileTheyResolvedTo(@TempDir Path other) throws Exception {
        FinetuneSettings s = TestSettings.tinySentiment(other, TestSettings.quickTraining(1, 3e-3), null);
        FinetuneSettings fromCoordinates = new FinetuneSettings(
                s.baseDirectory(),
                s.workDirectory(),
                s.model(),
                s.modelCacheDirectory(),
                s.hub(),
                s.data(),
                s.head(),
                s.training(),
                s.gate(),
                s.reuse(),
                s.seed(),
                s.threads(),
                s.exportFormats(),
                "com.example:tiny-bert:1.0",
                null);
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), fromCoordinates),
                new RecordingLog(),
                Map.of());
        String card = Files.readString(s.layout().modelDirectory().resolve("README.md"));
        assertTrue(card.contains("`com.example:tiny-bert:1.0` (a Maven artifact"), card);
        assertTrue(card.contains("# tiny-bert-finetuned-sentiment"), card);
        assertFalse(card.contains(s.model()), "the resolved file's path stays off the card");
    }

    @Test
    void classWeightsAreLoggedAsResolvedAndOnTheCard(@TempDir Path other) throws Exception {
        TrainingSettings weighted =
                TestSettings.quickTraining(1, 3e-3).withClassWeights(ClassWeights.parse("1=3, 0=1"));
        FinetuneSettings s = TestSettings.tinySentiment(other, weighted, null);
        RecordingLog log = new RecordingLog();
        JobRunner.run(new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), s), log, Map.of());
        assertTrue(log.infos.contains("Class weights (explicit): 0 1.000, 1 3.000"), log.all());
        String card = Files.readString(s.layout().modelDirectory().resolve("README.md"));
        assertTrue(card.contains("| Class weights | 0=1.0, 1=3.0; per label: `0` 1.000, `1` 3.000 |"), card);
        JsonObject recorded =
                json(s.layout().modelDirectory().resolve("training.json")).getAsJsonObject("classWeights");
        assertEquals(1.0, recorded.get("0").getAsDouble());
        assertEquals(3.0, recorded.get("1").getAsDouble());
    }

    @Test
    void afterTrainingTheCardSaysEvaluateHasNotRunAndCarriesNoModelIndex() {
        Map<String, Object> yaml = frontMatter(afterTraining);
        assertEquals("text-classification", yaml.get("pipeline_tag"));
        assertEquals(List.of("text-classification", "bert", "onnx", "finetune-maven-plugin"), yaml.get("tags"));
        assertFalse(yaml.containsKey("model-index"), "nothing evaluated yet");
        assertFalse(yaml.containsKey("library_name"), "mean pooling and a hidden layer: no transformers class");
        assertFalse(yaml.containsKey("base_model"), "a local directory is no Hub id");
        assertFalse(yaml.containsKey("license"), "the tiny model's README declares none in front matter");
        assertFalse(yaml.containsKey("datasets"), "local files");
        assertTrue(afterTraining.contains("finetune:evaluate has not run on this model yet"), afterTraining);
        assertTrue(afterTraining.contains(TestModels.tinyBert().toString()), "the source named in the body");
    }

    @Test
    void theEpochTableIsMetricsJsonWithTheKeptEpochMarked() throws Exception {
        JsonObject metrics = json(settings.layout().modelDirectory().resolve("metrics.json"));
        List<List<String>> rows = tableRows(section(afterEvaluation, "## Epochs"));
        JsonArray epochs = metrics.getAsJsonArray("epochs");
        assertEquals(epochs.size(), rows.size());
        String[] fields = {
            "epoch",
            "steps",
            "trainLoss",
            "trainAccuracy",
            "trainF1",
            "validationLoss",
            "validationAccuracy",
            "validationF1",
            "learningRate"
        };
        for (int i = 0; i < rows.size(); i++) {
            JsonObject epoch = epochs.get(i).getAsJsonObject();
            for (int f = 0; f < fields.length; f++) {
                double expected = epoch.get(fields[f]).getAsDouble();
                double tolerance = fields[f].equals("learningRate") ? Math.abs(expected) * 1e-3 : 5e-5; // 4 digits
                assertEquals(
                        expected,
                        Double.parseDouble(rows.get(i).get(f)),
                        tolerance,
                        fields[f] + " of epoch " + (i + 1));
            }
            boolean kept =
                    epoch.get("epoch").getAsInt() == metrics.get("bestEpoch").getAsInt();
            assertEquals(kept ? "kept" : "", rows.get(i).get(9));
        }
    }

    @Test
    void evaluateRewritesTheCardWithModelIndexValuesFromEvaluationJsonAndTheGatesVerdict() throws Exception {
        JsonObject evaluation = json(settings.layout().evaluationFile());
        Map<String, Object> yaml = frontMatter(afterEvaluation);
        List<Map<String, Object>> index = list(yaml.get("model-index"));
        assertEquals(1, index.size());
        assertEquals("tiny-bert-finetuned-sentiment", index.get(0).get("name"));
        List<Map<String, Object>> results = list(index.get(0).get("results"));
        assertEquals(
                List.of("validation", "test"),
                results.stream().map(r -> map(r.get("dataset")).get("split")).toList());
        for (Map<String, Object> result : results) {
            assertEquals("text-classification", map(result.get("task")).get("type"));
            String split = (String) map(result.get("dataset")).get("split");
            assertEquals("sentiment", map(result.get("dataset")).get("type"));
            JsonObject expected = evaluation.getAsJsonObject(split);
            List<Map<String, Object>> metrics = list(result.get("metrics"));
            assertEquals("accuracy", metrics.get(0).get("type"));
            assertEquals(expected.get("accuracy").getAsDouble(), metrics.get(0).get("value"));
            assertEquals("f1", metrics.get(1).get("type"));
            assertEquals(expected.get("f1").getAsDouble(), metrics.get(1).get("value"));
            assertEquals(
                    Map.of("average", expected.get("averaging").getAsString()),
                    metrics.get(1).get("args"));
        }
        List<List<String>> rows = tableRows(section(afterEvaluation, "## Evaluation"));
        assertEquals(
                evaluation.getAsJsonObject("test").get("count").getAsString(),
                rows.get(1).get(1));
        assertTrue(
                afterEvaluation.contains("Quality gate: no threshold was set"),
                section(afterEvaluation, "## Evaluation"));
        assertFalse(afterEvaluation.contains("has not run"));
    }

    @Test
    void theDataTableIsStatsJson() throws Exception {
        JsonObject stats = json(settings.layout().dataDirectory().resolve("stats.json"));
        List<List<String>> rows = tableRows(section(afterEvaluation, "## Data"));
        List<String> roles = List.copyOf(stats.getAsJsonObject("roles").keySet());
        assertEquals(roles, rows.stream().map(r -> r.get(0)).toList());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject role = stats.getAsJsonObject("roles").getAsJsonObject(roles.get(i));
            assertEquals(role.get("rows").getAsString(), rows.get(i).get(1));
            String counts = role.getAsJsonObject("labelCounts").entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` " + e.getValue().getAsInt())
                    .collect(Collectors.joining(", "));
            assertEquals(counts, rows.get(i).get(2));
        }
    }

    @Test
    void aModelReusedAsUpToDateGetsItsCardRefreshed() {
        assertTrue(
                reuseLog.infos.stream().anyMatch(l -> l.startsWith("The model is up to date")),
                reuseLog.infos.toString());
        assertTrue(
                reuseLog.infos.stream().anyMatch(l -> l.startsWith("Model card written")), reuseLog.infos.toString());
        assertEquals(afterTraining, afterReuse, "the same model, so the same card as after training");
    }

    @Test
    void tokenizerConfigNamesTheSpecialTokensOfTokenizerJsonAndTheTrainedMaxLength() throws Exception {
        Path model = settings.layout().modelDirectory();
        JsonObject tokenizer = json(model.resolve("tokenizer.json"));
        JsonObject config = json(model.resolve("tokenizer_config.json"));
        JsonArray single = tokenizer.getAsJsonObject("post_processor").getAsJsonArray("single");
        assertEquals(
                single.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("SpecialToken")
                        .get("id")
                        .getAsString(),
                config.get("cls_token").getAsString());
        assertEquals(
                single.get(single.size() - 1)
                        .getAsJsonObject()
                        .getAsJsonObject("SpecialToken")
                        .get("id")
                        .getAsString(),
                config.get("sep_token").getAsString());
        assertEquals(
                tokenizer.getAsJsonObject("model").get("unk_token").getAsString(),
                config.get("unk_token").getAsString());
        List<String> specials = new ArrayList<>();
        for (JsonElement token : tokenizer.getAsJsonArray("added_tokens")) {
            if (token.getAsJsonObject().get("special").getAsBoolean()) {
                specials.add(token.getAsJsonObject().get("content").getAsString());
            }
        }
        for (String role : List.of("unk_token", "sep_token", "pad_token", "cls_token", "mask_token")) {
            assertTrue(
                    specials.contains(config.get(role).getAsString()), role + " is a special token of tokenizer.json");
            assertEquals(
                    config.get(role),
                    json(model.resolve("special_tokens_map.json")).get(role));
        }
        assertEquals(
                json(model.resolve("training.json")).get("maxLength").getAsInt(),
                config.get("model_max_length").getAsInt());
        assertEquals(32, config.get("model_max_length").getAsInt());
    }

    /** The card's Java example, compiled and run on this folder, gives the plugin's own probabilities. */
    @Test
    void theJavaExampleCompilesAndRunsAndAgreesWithThePlugin() throws Exception {
        Path model = settings.layout().modelDirectory();
        String text = "I loved this film, it was wonderful";
        List<String> lines = CardJavaExample.run(afterEvaluation, project.resolve("example"), model, text);
        float[] expected;
        RecordingLog log = new RecordingLog();
        try (Predictor predictor =
                Predictor.open(FineTunedModel.locate(null, project, model, project.resolve("cache"), log), 0)) {
            expected =
                    predictor.predictText(text, null, log).predictions().get(0).probabilities();
            assertEquals(
                    predictor.labels(),
                    lines.stream().map(l -> l.split("\t")[0]).toList());
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Double.parseDouble(lines.get(i).split("\t")[1]), 1e-4, lines.toString());
        }
    }

    /** One Linear on the pooler is BertForSequenceClassification; the base model's license comes along. */
    @Test
    void aSingleLinearHeadOnThePoolerClaimsTransformersAndInheritsTheLicense() throws Exception {
        Path other = Files.createDirectories(project.resolve("pooler"));
        Path base = Files.createDirectories(other.resolve("licensed-bert"));
        try (Stream<Path> files = Files.list(TestModels.tinyBert())) {
            for (Path file : files.toList()) {
                Files.copy(file, base.resolve(file.getFileName()));
            }
        }
        Files.writeString(base.resolve("README.md"), "---\nlicense: apache-2.0\n---\n# A licensed copy\n");
        FinetuneSettings pooler = new FinetuneSettings(
                other,
                other.resolve("target/finetune"),
                base.toString(),
                null,
                null,
                settings.data(),
                new HeadSettings(List.of(), 0.1, Pooling.POOLER),
                settings.training(),
                settings.gate(),
                null,
                42,
                2);
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE), pooler),
                new RecordingLog(),
                Map.of());
        String card = Files.readString(pooler.layout().modelDirectory().resolve("README.md"));
        Map<String, Object> yaml = frontMatter(card);
        assertEquals("transformers", yaml.get("library_name"));
        assertEquals("apache-2.0", yaml.get("license"));
        assertTrue(card.contains("BertForSequenceClassification.from_pretrained(model_dir)"), card);
        assertFalse(card.contains("BertModel.from_pretrained"), card);
        assertEquals(
                "[\"BertForSequenceClassification\"]",
                json(pooler.layout().modelDirectory().resolve("config.json"))
                        .get("architectures")
                        .toString());

        String meanCard = afterEvaluation;
        assertTrue(meanCard.contains("BertModel.from_pretrained(model_dir, add_pooling_layer=False)"), meanCard);
        assertTrue(
                meanCard.contains("torch.nn.Sequential(torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Dropout(0.1),"
                        + " torch.nn.Linear(16, 2))"),
                meanCard);
        assertFalse(meanCard.contains("BertForSequenceClassification.from_pretrained"), meanCard);
    }

    /** Files of an earlier version, or missing ones, shorten the card; nothing throws. */
    @Test
    void missingAndOlderFilesGiveAShorterCard() throws Exception {
        WorkLayout layout = new WorkLayout(project.resolve("older"));
        Path model = Files.createDirectories(layout.modelDirectory());
        Files.copy(settings.layout().modelDirectory().resolve("config.json"), model.resolve("config.json"));
        JsonObject training = json(settings.layout().modelDirectory().resolve("training.json"));
        training.remove("maxLength");
        training.remove("baseModel");
        training.remove("textColumns");
        Files.writeString(model.resolve("training.json"), training.toString());
        Files.writeString(layout.evaluationFile(), "{\"validation\": \"not figures\"}");
        RecordingLog log = new RecordingLog();

        ModelCard.write(layout, true, log);
        String card = Files.readString(model.resolve("README.md"));
        assertEquals(List.of(), log.warnings);
        assertFalse(card.contains("## Data"), "no stats.json");
        assertFalse(card.contains("## Epochs"), "no metrics.json");
        assertTrue(card.contains("## Training"), card);
        assertTrue(card.contains("finetune:evaluate has not run"), "an unreadable evaluation.json is left out");
        assertNull(frontMatter(card).get("model-index"));
        assertFalse(card.contains("Python: onnxruntime"), "no model.onnx in this folder");
    }

    private static Map<String, Object> frontMatter(String card) {
        assertTrue(card.startsWith("---\n"), card);
        String yaml = card.substring(4, card.indexOf("\n---\n", 4) + 1);
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
    }

    private static String section(String card, String heading) {
        int start = card.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " in\n" + card);
        int end = card.indexOf("\n## ", start + heading.length());
        return card.substring(start, end < 0 ? card.length() : end);
    }

    /** The body rows of the section's first Markdown table, cells trimmed. */
    private static List<List<String>> tableRows(String section) {
        List<String> table = section.lines()
                .dropWhile(l -> !l.startsWith("|"))
                .takeWhile(l -> l.startsWith("|"))
                .toList();
        return table.subList(2, table.size()).stream()
                .map(l -> Arrays.stream(l.substring(1, l.length() - 1).split("(?<!\\\\)\\|", -1))
                        .map(String::trim)
                        .toList())
                .toList();
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
