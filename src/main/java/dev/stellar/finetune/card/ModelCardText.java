package dev.stellar.finetune.card;

import dev.stellar.finetune.config.ClassWeights;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.data.RoleStats;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.eval.GateVerdict;
import dev.stellar.finetune.model.BaseModel;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.train.TrainingMetrics;
import dev.stellar.finetune.train.TrainingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A model card in the Hub's form: YAML front matter (the metadata the Hub indexes: library_name, license,
 * base_model, datasets, pipeline_tag, tags and model-index with the evaluated figures) and a Markdown body
 * that says what the model is, what it was trained on and how, how it scored, and how to load it.
 */
final class ModelCardText {

    static final String TASK = "text-classification";
    /** groupId:artifactId:version[:extension[:classifier]], as the model parameter takes them. */
    private static final Pattern MAVEN_COORDINATES = Pattern.compile("[\\w.-]+:[\\w.-]+:[\\w.-]+(:[\\w.-]+){0,2}");

    private static final String HUB = "https://huggingface.co/";

    private ModelCardText() {}

    static String render(ModelCardFacts facts) {
        StringBuilder card =
                new StringBuilder("---\n").append(Yaml.render(metadata(facts))).append("---\n\n");
        card.append("# ")
                .append(modelName(facts))
                .append("\n\n")
                .append(summary(facts))
                .append("\n\n");
        card.append(modelSection(facts));
        facts.data().ifPresent(data -> card.append(dataSection(data, facts.maxLength())));
        facts.training()
                .filter(training -> training.training() != null)
                .ifPresent(training -> card.append(trainingSection(training)));
        facts.metrics().ifPresent(metrics -> card.append(epochSection(metrics)));
        card.append(evaluationSection(facts.evaluation(), facts.labels()));
        card.append(filesSection(facts));
        card.append(UsageExamples.render(facts));
        return card.toString();
    }

    /** The front matter, in the order of the Hub's model card template; a key whose value is unknown is left out. */
    static Map<String, Object> metadata(ModelCardFacts facts) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (facts.loadsAsSequenceClassification()) {
            // library_name names a modelling library; only transformers loads this folder as the model it is.
            yaml.put("library_name", "transformers");
        }
        facts.baseModel().map(BaseModel::license).ifPresent(license -> yaml.put("license", license));
        facts.baseModel().map(BaseModel::hubId).ifPresent(id -> yaml.put("base_model", id));
        facts.hubDataset().ifPresent(id -> yaml.put("datasets", List.of(id)));
        yaml.put("pipeline_tag", TASK);
        List<String> tags = new ArrayList<>(List.of(TASK, facts.modelType()));
        if (facts.onnxFile().isPresent()) {
            tags.add("onnx");
        }
        tags.add("finetune-maven-plugin");
        yaml.put("tags", tags);
        facts.evaluation()
                .filter(e -> !e.splits().isEmpty())
                .ifPresent(evaluation -> yaml.put("model-index", modelIndex(facts, evaluation)));
        return yaml;
    }

    /** One result per evaluated split: accuracy and F1, as the Hub's model-index schema lays them out. */
    private static List<Object> modelIndex(ModelCardFacts facts, EvaluationReport evaluation) {
        List<Object> results = new ArrayList<>();
        evaluation.splits().forEach((split, metrics) -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("type", TASK);
            task.put("name", "Text Classification");
            Map<String, Object> dataset = new LinkedHashMap<>();
            dataset.put("name", datasetName(facts));
            dataset.put("type", facts.hubDataset().orElse(datasetName(facts)));
            dataset.put("split", split);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", task);
            result.put("dataset", dataset);
            result.put("metrics", indexMetrics(metrics));
            results.add(result);
        });
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", modelName(facts));
        model.put("results", results);
        return List.of(model);
    }

    /** The Hub's model-index figures of a split, by the evaluate metric ids Hugging Face uses for each. */
    private static List<Map<String, Object>> indexMetrics(ClassificationMetrics metrics) {
        if (metrics.regression() != null) {
            return List.of(
                    metric("mse", metrics.regression().mse(), "MSE", null),
                    metric("pearsonr", metrics.regression().pearson(), "Pearson", null),
                    metric("spearmanr", metrics.regression().spearman(), "Spearman", null));
        }
        if (metrics.multiLabel() != null) {
            return List.of(
                    metric("f1", metrics.f1(), "F1 (micro)", "micro"),
                    metric("f1", metrics.multiLabel().macroF1(), "F1 (macro)", "macro"),
                    metric("accuracy", metrics.accuracy(), "Subset accuracy", null));
        }
        return List.of(
                metric("accuracy", metrics.accuracy(), "Accuracy", null),
                metric("f1", metrics.f1(), "F1 (" + metrics.averaging() + ")", metrics.averaging()));
    }

    private static Map<String, Object> metric(String type, double value, String name, String average) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("type", type);
        metric.put("value", value);
        metric.put("name", name);
        if (average != null) {
            metric.put("args", Map.of("average", average));
        }
        return metric;
    }

    /** E.g. "bert-base-uncased-finetuned-sst2": the base model's and the data set's last names. */
    static String modelName(ModelCardFacts facts) {
        String base = facts.training()
                .map(TrainingReport::model)
                .map(ModelCardText::lastName)
                .orElse("bert");
        return base + "-finetuned-" + datasetName(facts);
    }

    private static String datasetName(ModelCardFacts facts) {
        return facts.data()
                .map(PreparedData::dataset)
                .map(ModelCardText::lastName)
                .orElse("classifier");
    }

    /** The last part of a Hub id or path, without a .zip/.jar/.csv-like extension; the artifactId of coordinates. */
    private static String lastName(String location) {
        if (MAVEN_COORDINATES.matcher(location).matches()) {
            return location.split(":")[1];
        }
        String trimmed = location.replaceAll("[/\\\\]+$", "");
        String name = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return name.replaceAll("\\.(zip|jar|csv|tsv|jsonl|json|parquet)$", "");
    }

    private static String summary(ModelCardFacts facts) {
        List<String> labels = facts.labels();
        String pairs = facts.textColumns().size() == 2 ? " of text pairs" : "";
        String base = facts.training()
                .map(t -> " fine-tuned from " + baseModel(t, facts))
                .orElse("");
        String plugin = facts.training().map(t -> " " + t.pluginVersion()).orElse("");
        return "A " + labels.size() + "-label text classifier" + pairs + base + " by finetune-maven-plugin" + plugin
                + " (`dev.stellar:finetune-maven-plugin`), in Java, without Python. This card was written from the"
                + " files beside it (training.json, metrics.json, evaluation.json, config.json) and the prepared"
                + " data's stats.json.";
    }

    private static String baseModel(TrainingReport training, ModelCardFacts facts) {
        Optional<String> hubId = Optional.ofNullable(training.baseModel()).map(BaseModel::hubId);
        if (hubId.isPresent()) {
            return "[" + hubId.get() + "](" + HUB + hubId.get() + ") on the Hugging Face Hub";
        }
        String location = String.valueOf(training.model());
        String kind = MAVEN_COORDINATES.matcher(location).matches()
                ? "a Maven artifact"
                : location.matches("(?i).*\\.(zip|jar)") ? "a model zip or ONNX jar" : "a local directory";
        String imported = facts.configString("finetune_imported_from")
                .map(f -> ", its encoder imported from the ONNX" + " file " + code(f))
                .orElse("");
        return code(location) + " (" + kind + imported + ")";
    }

    private static String modelSection(ModelCardFacts facts) {
        List<List<String>> rows = new ArrayList<>();
        facts.training().ifPresent(t -> rows.add(List.of("Base model", baseModel(t, facts))));
        rows.add(List.of(
                "Encoder",
                String.format(
                        Locale.ROOT,
                        "%s (%s), %d layers, hidden size %d, %d attention heads",
                        facts.modelType(),
                        facts.architecture().sequenceClassification().replace("ForSequenceClassification", ""),
                        facts.configInt(facts.architecture().configKeys().layers()),
                        facts.configInt(facts.architecture().configKeys().hidden()),
                        facts.configInt(facts.architecture().configKeys().heads()))));
        facts.head().ifPresent(head -> {
            rows.add(List.of("Pooling", pooling(head)));
            rows.add(List.of("Head", head(facts, head)));
        });
        List<String> labels = facts.labels();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.add(i + " = " + code(labels.get(i)));
        }
        rows.add(List.of("Labels", String.join(", ", ids) + " (config.json id2label)"));
        List<String> columns = facts.textColumns();
        if (!columns.isEmpty()) {
            String input = columns.size() == 2
                    ? "text pairs (" + code(columns.get(0)) + ", " + code(columns.get(1))
                            + "), encoded as [CLS] A [SEP] B [SEP]"
                    : "one text (column " + code(columns.get(0)) + ")";
            rows.add(List.of(
                    "Input",
                    input
                            + (facts.maxLength() > 0
                                    ? ", at most " + facts.maxLength()
                                            + " tokens: longer inputs are cut, as in training"
                                    : "")));
        }
        facts.training()
                .ifPresent(t -> rows.add(List.of(
                        "Parameters",
                        String.format(
                                Locale.ROOT,
                                "%,d in all, %,d trained",
                                t.totalParameters(),
                                t.trainableParameters()))));
        Optional<String> license = facts.baseModel().map(BaseModel::license);
        rows.add(
                List.of(
                        "License",
                        license.map(l -> code(l) + ", as the base model declares")
                                .orElse(
                                        "not declared by the base model's files: check its terms before you share this model")));
        rows.add(
                List.of(
                        "transformers class",
                        facts.loadsAsSequenceClassification()
                                ? code(facts.architecture().sequenceClassification())
                                        + " (config.json `architectures`): the weights are that class's"
                                : "none: this head is no transformers class, so config.json names no `architectures` (see below)"));
        return "## Model\n\n" + table(List.of("Property", "Value"), rows) + "\n";
    }

    /** The head's layers: the MLP as nn.Sequential, a family's own head by its steps. */
    private static String head(ModelCardFacts facts, HeadSettings head) {
        int hidden = facts.configInt(facts.architecture().configKeys().hidden());
        if (!head.hiddenSizes().isEmpty() || facts.architecture() == Architecture.BERT) {
            return headLayers(head, hidden, facts.labels().size());
        }
        return facts.ownHead()
                .map(h -> h.describe() + " as "
                        + h.steps().stream()
                                .map(ModelCardText::tensorName)
                                .filter(n -> !n.isEmpty())
                                .map(n -> code(n + ".*"))
                                .collect(Collectors.joining(", ")))
                .orElse("");
    }

    private static String tensorName(ClassifierHead.Step step) {
        if (step instanceof ClassifierHead.Linear l) {
            return l.name();
        }
        return step instanceof ClassifierHead.Norm n ? n.name() : "";
    }

    static String pooling(HeadSettings head) {
        return switch (head.pooling()) {
            case POOLER -> "`pooler`: BERT's pooler, tanh(dense(h[CLS]))";
            case CLS -> "`cls`: the last hidden state of [CLS]";
            case MEAN -> "`mean`: the mean of the last hidden states over real (non-padding) tokens";
        };
    }

    /** The head as PyTorch layers, with the names its tensors have in model.safetensors. */
    static String headLayers(HeadSettings head, int hiddenSize, int labels) {
        List<Integer> sizes = new ArrayList<>(List.of(hiddenSize));
        sizes.addAll(head.hiddenSizes());
        sizes.add(labels);
        if (head.hiddenSizes().isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "Dropout(%s), Linear(%d, %d) as `classifier.weight/bias`",
                    head.dropout(),
                    hiddenSize,
                    labels);
        }
        List<String> layers = new ArrayList<>();
        List<String> names = ClassifierHead.linearNames(head.hiddenSizes().size());
        for (int i = 0; i + 1 < sizes.size(); i++) {
            if (i > 0) {
                layers.add("ReLU");
                layers.add("Dropout(" + head.dropout() + ")");
            }
            layers.add("Linear(" + sizes.get(i) + ", " + sizes.get(i + 1) + ") as `classifier." + names.get(i) + ".*`");
        }
        return "nn.Sequential(" + String.join(", ", layers) + ")";
    }

    private static String dataSection(PreparedData data, int maxLength) {
        StringBuilder out = new StringBuilder("## Data\n\n");
        if (data.dataset() != null) {
            out.append(
                    data.datasetOnHub()
                            ? "Data set [" + data.dataset() + "](" + HUB + "datasets/" + data.dataset()
                                    + ") on the Hugging Face Hub"
                            : "Data set " + code(data.dataset()) + " (local files)");
            out.append(", label column ")
                    .append(code(data.labelColumn()))
                    .append(", text ")
                    .append(data.textColumns().stream().map(ModelCardText::code).collect(Collectors.joining(" + ")))
                    .append(".\n\n");
        }
        List<List<String>> rows = new ArrayList<>();
        data.roles()
                .forEach((role, stats) -> rows.add(List.of(
                        role,
                        Integer.toString(stats.rows()),
                        labelCounts(stats),
                        String.format(Locale.ROOT, "%d (%.1f%%)", stats.truncatedRows(), stats.truncatedShare() * 100),
                        stats.source())));
        out.append(table(
                List.of("Split", "Rows", "Rows per label", "Longer than " + maxLength + " tokens (cut)", "From"),
                rows));
        data.notes().forEach(note -> out.append("\n- ").append(note));
        return out.append("\n\n").toString();
    }

    private static String labelCounts(RoleStats stats) {
        return stats.labeled()
                ? stats.labelCounts().entrySet().stream()
                        .map(e -> code(e.getKey()) + " " + e.getValue())
                        .collect(Collectors.joining(", "))
                : "unlabelled";
    }

    private static String trainingSection(TrainingReport report) {
        TrainingSettings t = report.training();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "Epochs",
                t.epochs()
                        + (report.stoppedEarly()
                                ? " (stopped early after " + report.epochs().size() + ")"
                                : "")));
        rows.add(List.of("Batch size", Integer.toString(t.batchSize())));
        rows.add(List.of("Learning rate", t.learningRate() + ", warmup ratio " + t.warmupRatio()));
        rows.add(List.of("Weight decay", Double.toString(t.weightDecay())));
        rows.add(List.of("Max gradient norm", Double.toString(t.maxGradNorm())));
        if (!t.classWeights().none()) {
            rows.add(List.of("Class weights", classWeights(t.classWeights(), report.classWeights())));
        }
        rows.add(List.of("Frozen", frozen(t.freezeLayerCount())));
        rows.add(List.of(
                "Kept epoch",
                report.bestEpoch() + ", the best by validation "
                        + report.selectBestBy().replace("validation-", "")));
        rows.add(List.of(
                "Early stopping patience",
                t.earlyStoppingPatience() == 0 ? "off" : t.earlyStoppingPatience() + " epochs"));
        if (t.speed() != null) {
            rows.add(List.of("Precision", t.speed().precision().id()));
        }
        rows.add(List.of("Seed, threads", report.seed() + ", " + report.threads()));
        rows.add(List.of(
                "Steps, time",
                String.format(Locale.ROOT, "%d steps in %.1f s", report.steps(), report.trainingSeconds())));
        return "## Training\n\nSettings from training.json:\n\n" + table(List.of("Setting", "Value"), rows) + "\n";
    }

    private static String frozen(int count) {
        return count == -1
                ? "the embeddings"
                : count == 0 ? "nothing" : "the embeddings and encoder layers 0 to " + (count - 1);
    }

    private static String epochSection(TrainingMetrics metrics) {
        List<List<String>> rows = new ArrayList<>();
        for (TrainingMetrics.Epoch e : metrics.epochs()) {
            rows.add(List.of(
                    Integer.toString(e.epoch()),
                    Integer.toString(e.steps()),
                    f4(e.trainLoss()),
                    f4(e.trainAccuracy()),
                    f4(e.trainF1()),
                    f4(e.validationLoss()),
                    f4(e.validationAccuracy()),
                    f4(e.validationF1()),
                    String.format(Locale.ROOT, "%.4g", e.learningRate()),
                    e.epoch() == metrics.bestEpoch() ? "kept" : ""));
        }
        return "## Epochs\n\nFrom metrics.json; the weights of the epoch marked kept (best validation "
                + metrics.selectBestBy().replace("validation-", "") + ") are the model.\n\n"
                + table(
                        List.of(
                                "Epoch",
                                "Steps",
                                "Train loss",
                                "Train accuracy",
                                "Train F1",
                                "Validation loss",
                                "Validation accuracy",
                                "Validation F1",
                                "Learning rate",
                                "Kept"),
                        rows)
                + "\n";
    }

    private static String evaluationSection(Optional<EvaluationReport> report, List<String> labels) {
        if (report.isEmpty()) {
            return "## Evaluation\n\nfinetune:evaluate has not run on this model yet, so the only figures are the"
                    + " validation columns of the kept epoch above. `mvn verify` (or `mvn finetune:evaluate`) scores"
                    + " the validation and test splits, applies the quality gate and rewrites this card.\n\n";
        }
        EvaluationReport evaluation = report.get();
        boolean other =
                evaluation.splits().values().stream().anyMatch(m -> m.multiLabel() != null || m.regression() != null);
        if (other) {
            return otherProblemSection(evaluation);
        }
        StringBuilder out = new StringBuilder("## Evaluation\n\nFrom evaluation.json (finetune:evaluate).");
        List<List<String>> rows = new ArrayList<>();
        String averaging = null;
        for (Map.Entry<String, ClassificationMetrics> e : evaluation.splits().entrySet()) {
            ClassificationMetrics m = e.getValue();
            rows.add(List.of(
                    e.getKey(),
                    Integer.toString(m.count()),
                    f4(m.accuracy()),
                    f4(m.precision()),
                    f4(m.recall()),
                    f4(m.f1()),
                    f4(m.loss())));
            averaging = m.averaging();
        }
        if ("binary".equals(averaging) && labels.size() == 2) {
            out.append(" Precision, recall and F1 are those of label ")
                    .append(code(labels.get(1)))
                    .append('.');
        } else if (averaging != null) {
            out.append(" Precision, recall and F1 are the unweighted means over the labels (macro).");
        }
        if (evaluation.scoredWith() != null) {
            out.append(" Scored with ").append(evaluation.scoredWith()).append('.');
        }
        out.append("\n\n")
                .append(table(List.of("Split", "Rows", "Accuracy", "Precision", "Recall", "F1", "Loss"), rows));
        out.append(exportsTable(evaluation));
        return out.append(notesAndGate(evaluation)).toString();
    }

    /** The evaluation's notes per split, then the gate's verdict. */
    private static String notesAndGate(EvaluationReport evaluation) {
        StringBuilder out = new StringBuilder();
        evaluation
                .notes()
                .forEach((split, note) ->
                        out.append("\n- ").append(split).append(": ").append(note));
        return out.append(evaluation.notes().isEmpty() ? "\n" : "\n\n")
                .append(gate(evaluation.gate()))
                .append("\n\n")
                .toString();
    }

    /** Multi-label: subset accuracy, micro and macro F1, Hamming loss; regression: errors and correlations. */
    private static String otherProblemSection(EvaluationReport evaluation) {
        StringBuilder out = new StringBuilder("## Evaluation\n\nFrom evaluation.json (finetune:evaluate).");
        List<List<String>> rows = new ArrayList<>();
        List<String> header;
        ClassificationMetrics first = evaluation.splits().values().iterator().next();
        if (first.multiLabel() != null) {
            out.append(" Multi-label: a label is predicted from probability ")
                    .append(first.multiLabel().threshold())
                    .append(" on; subset accuracy counts the rows whose every label is right.");
            header = List.of("Split", "Rows", "Micro F1", "Macro F1", "Subset accuracy", "Hamming loss", "Loss");
            evaluation
                    .splits()
                    .forEach((split, m) -> rows.add(List.of(
                            split,
                            Integer.toString(m.count()),
                            f4(m.f1()),
                            f4(m.multiLabel().macroF1()),
                            f4(m.accuracy()),
                            f4(m.multiLabel().hammingLoss()),
                            f4(m.loss()))));
        } else {
            out.append(" Regression: the model predicts one number.");
            header = List.of("Split", "Rows", "MSE", "MAE", "R²", "Pearson", "Spearman");
            evaluation
                    .splits()
                    .forEach((split, m) -> rows.add(List.of(
                            split,
                            Integer.toString(m.count()),
                            f4(m.regression().mse()),
                            f4(m.regression().mae()),
                            f4(m.regression().r2()),
                            f4(m.regression().pearson()),
                            f4(m.regression().spearman()))));
        }
        if (evaluation.scoredWith() != null) {
            out.append(" Scored with ").append(evaluation.scoredWith()).append('.');
        }
        out.append("\n\n").append(table(header, rows));
        return out.append(notesAndGate(evaluation)).toString();
    }

    /** The further exports (model_int8.onnx) on the same splits, beside the model's own figures. */
    private static String exportsTable(EvaluationReport evaluation) {
        List<List<String>> rows = new ArrayList<>();
        evaluation
                .exports()
                .forEach((format, splits) -> splits.forEach((split, m) -> {
                    ClassificationMetrics own = evaluation.splits().get(split);
                    rows.add(List.of(
                            format,
                            split,
                            f4(m.accuracy()),
                            own == null ? "" : signed(m.accuracy() - own.accuracy()),
                            f4(m.f1()),
                            own == null ? "" : signed(m.f1() - own.f1())));
                }));
        return rows.isEmpty()
                ? ""
                : "\nThe other exports of this model on the same rows:\n\n"
                        + table(List.of("Export", "Split", "Accuracy", "Difference", "F1", "Difference"), rows);
    }

    /** The setting, then the weights it resolved to on the train split where training.json records them. */
    private static String classWeights(ClassWeights weights, Map<String, Double> resolved) {
        String setting;
        if (weights.explicit().isEmpty()) {
            setting = weights.mode() + " (from label frequencies in train)";
        } else {
            List<String> pairs = new ArrayList<>();
            weights.explicit().forEach((label, weight) -> pairs.add(label + "=" + weight));
            setting = String.join(", ", pairs.stream().sorted().toList());
        }
        if (resolved == null) {
            return setting;
        }
        return setting + "; per label: "
                + resolved.entrySet().stream()
                        .map(e -> code(e.getKey()) + String.format(Locale.ROOT, " %.4g", e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }

    private static String gate(GateVerdict gate) {
        if (gate == null) {
            return "The quality gate's verdict is not recorded.";
        }
        if (!gate.hasLimits()) {
            return "Quality gate: no threshold was set (minAccuracy, minF1, gates).";
        }
        String limits = gate.describeLimits();
        return "Quality gate on the " + gate.split() + " split (" + limits + "): "
                + (gate.passed() ? "passed." : "failed: " + String.join("; ", gate.failures()));
    }

    private static String filesSection(ModelCardFacts facts) {
        Map<String, String> known = new LinkedHashMap<>();
        known.put(
                "config.json",
                facts.modelType() + " configuration with id2label/label2id, problem_type and the head (`finetune`)");
        known.put(
                "model.safetensors",
                "weights: the encoder under `" + facts.architecture().prefix() + ".*`, the head beside it");
        known.put(
                "model.onnx",
                "the whole classifier for ONNX Runtime (opset 17), metadata id2label, max_length,"
                        + " text_columns, pooling");
        known.put("model_int8.onnx", "the same with int8 encoder weights (dynamic quantization)");
        known.put("tokenizer.json", "the tokenizer the data was encoded with");
        known.put(
                "tokenizer_config.json",
                "for AutoTokenizer: class, lower case, special tokens, model_max_length " + facts.maxLength());
        known.put("special_tokens_map.json", "the special tokens by role");
        known.put("vocab.txt", "the WordPiece vocabulary (for the slow BertTokenizer)");
        known.put("training.json", "every setting, the per-epoch figures with timings, the base model");
        known.put("metrics.json", "the per-epoch figures");
        known.put("metrics.csv", "the per-epoch figures as CSV");
        known.put(ModelCardFacts.CARD, "this card");
        List<List<String>> rows = facts.files().stream()
                .map(f -> List.of(code(f), known.getOrDefault(f, "")))
                .toList();
        return "## Files\n\n" + table(List.of("File", "What"), rows) + "\n";
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder(row(header));
        out.append(row(header.stream().map(h -> "---").toList()));
        rows.forEach(r -> out.append(row(r)));
        return out.toString();
    }

    private static String row(List<String> cells) {
        return "| "
                + cells.stream()
                        .map(c -> c.replace("|", "\\|").replace('\n', ' '))
                        .collect(Collectors.joining(" | ")) + " |\n";
    }

    static String code(String text) {
        return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`";
    }

    static String f4(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }
}
