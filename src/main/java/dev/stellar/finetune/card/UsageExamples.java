package dev.stellar.finetune.card;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.ClassifierHead;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.arch.Architecture;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The card's "how to use" section: complete Java (ONNX Runtime and DJL's Hugging Face tokenizer) and Python
 * (onnxruntime and tokenizers, or transformers) code for this very model, filled in with its labels, token
 * budget, ONNX file and head.
 */
public final class UsageExamples {

    /** The Java example's class; a test compiles and runs the block as this file. */
    public static final String JAVA_CLASS = "Classify";

    private UsageExamples() {}

    static String render(ModelCardFacts facts) {
        StringBuilder out = new StringBuilder("## How to use\n\n");
        int maxLength = facts.maxLength() > 0 ? facts.maxLength() : 128;
        boolean pairs = facts.textColumns().size() == 2;
        if (facts.onnxFile().isPresent()) {
            String onnx = facts.onnxFile().get();
            out.append("### Java: ONNX Runtime and DJL's tokenizer\n\n")
                    .append(code(onnx))
                    .append(" takes int64")
                    .append(" `input_ids`, `attention_mask`")
                    .append(facts.configInt("type_vocab_size") > 1 ? " and `token_type_ids`" : "")
                    .append(" [batch, sequence] and gives float")
                    .append(" `logits` [batch, ")
                    .append(facts.labels().size())
                    .append("]; ")
                    .append(meaning(facts.task()))
                    .append(" (also in the model's")
                    .append(
                            " metadata: `id2label`, `max_length`, `text_columns`, `pooling`, `problem_type`). Dependencies:")
                    .append(" `com.microsoft.onnxruntime:onnxruntime` and `ai.djl.huggingface:tokenizers`.")
                    .append(" With both on the class path, run it as `java -cp <jars> ")
                    .append(JAVA_CLASS)
                    .append(".java <this folder> \"a text\"")
                    .append(pairs ? " \"the second text\"" : "")
                    .append("`.\n\n")
                    .append("```java\n")
                    .append(java(facts.labels(), maxLength, onnx, facts.task()))
                    .append("```\n\n");
            out.append("### Python: onnxruntime and tokenizers\n\n```python\n")
                    .append(pythonOnnx(maxLength, onnx, pairs, facts.task()))
                    .append("```\n\n")
                    .append("`AutoTokenizer.from_pretrained(model_dir)` encodes the same way: tokenizer_config.json")
                    .append(" sets model_max_length ")
                    .append(maxLength)
                    .append(", so `tokenizer(texts")
                    .append(pairs ? ", text_pair=pairs" : "")
                    .append(", truncation=True, return_tensors=\"np\")`")
                    .append(" cuts where training did.\n\n");
        } else {
            out.append("No ONNX export here (exportFormats none): run `mvn finetune:freeze-and-train` with the default")
                    .append(" exportFormats (onnx) to add model.onnx for ONNX Runtime, or load the weights with")
                    .append(" transformers below.\n\n");
        }
        out.append("### Python: transformers\n\n")
                .append(transformers(facts, pairs))
                .append('\n');
        return out.toString();
    }

    static String java(List<String> labels, int maxLength, String onnxFile) {
        return java(labels, maxLength, onnxFile, ModelTask.SINGLE_LABEL);
    }

    static String java(List<String> labels, int maxLength, String onnxFile, ModelTask task) {
        String labelArray = labels.stream().map(Yaml::doubleQuoted).collect(Collectors.joining(", "));
        return """
                import ai.djl.huggingface.tokenizers.Encoding;
                import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
                import ai.onnxruntime.OnnxTensor;
                import ai.onnxruntime.OrtEnvironment;
                import ai.onnxruntime.OrtSession;
                import java.nio.file.Path;
                import java.util.Locale;
                import java.util.Map;

                public class %1$s {

                    /** config.json's id2label, in id order. */
                    static final String[] LABELS = {%2$s};

                    public static void main(String[] args) throws Exception {
                        Path model = Path.of(args[0]);
                        OrtEnvironment env = OrtEnvironment.getEnvironment();
                        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(model)
                                        .optMaxLength(%3$d).optTruncation(true).optPadding(false).build();
                                OrtSession session = env.createSession(model.resolve("%4$s").toString())) {
                            Encoding encoding = args.length > 2 ? tokenizer.encode(args[1], args[2]) : tokenizer.encode(args[1]);
                            try (OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {encoding.getIds()});
                                    OnnxTensor mask = OnnxTensor.createTensor(env, new long[][] {encoding.getAttentionMask()});
                                    OnnxTensor types = OnnxTensor.createTensor(env, new long[][] {encoding.getTypeIds()});
                                    OrtSession.Result result = session.run(session.getInputNames().contains("token_type_ids")
                                            ? Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types)
                                            : Map.of("input_ids", ids, "attention_mask", mask))) {
                                float[] logits = ((float[][]) result.get("logits").orElseThrow().getValue())[0];
                %5$s                            }
                        }
                    }
                }
                """.formatted(JAVA_CLASS, labelArray, maxLength, onnxFile, javaOutputs(task));
    }

    /** The Java example's last lines: what the logits mean for the model's problem type, printed. */
    private static String javaOutputs(ModelTask task) {
        String body;
        if (task.isRegression()) {
            body = """
                    System.out.println(String.format(Locale.ROOT, "%s\\t%.6f", LABELS[0], logits[0]));
                    """;
        } else if (task.isMultiLabel()) {
            body = """
                    // A sigmoid per label; a label applies from the threshold the model was evaluated with.
                    for (int i = 0; i < logits.length; i++) {
                        double probability = 1 / (1 + Math.exp(-logits[i]));
                        System.out.println(String.format(Locale.ROOT, "%s\\t%.6f\\t%s", LABELS[i], probability,
                                probability >= THRESHOLD ? "yes" : "no"));
                    }
                    """.replace("THRESHOLD", Double.toString(task.threshold()));
        } else {
            body = """
                    double max = Double.NEGATIVE_INFINITY;
                    for (float logit : logits) {
                        max = Math.max(max, logit);
                    }
                    double sum = 0;
                    double[] probabilities = new double[logits.length];
                    for (int i = 0; i < logits.length; i++) {
                        probabilities[i] = Math.exp(logits[i] - max);
                        sum += probabilities[i];
                    }
                    for (int i = 0; i < logits.length; i++) {
                        System.out.println(String.format(Locale.ROOT, "%s\\t%.6f", LABELS[i], probabilities[i] / sum));
                    }
                    """;
        }
        // Indented as the code it ends, inside main's try blocks; the first line takes the placeholder's indent.
        return body.lines()
                        .map(line -> line.isEmpty() ? line : "                " + line)
                        .collect(Collectors.joining("\n"))
                        .substring(16)
                + "\n";
    }

    /** What the logits mean, in words: "softmax gives the probabilities of the labels in ... order". */
    private static String meaning(ModelTask task) {
        if (task.isRegression()) {
            return "the one logit is the predicted value";
        }
        if (task.isMultiLabel()) {
            return "a sigmoid of each gives the probability of its label, in config.json's id2label order, and a label"
                    + " applies from " + task.threshold() + " on (the threshold it was evaluated with)";
        }
        return "softmax gives the probabilities of the labels in config.json's id2label order";
    }

    private static String pythonOnnx(int maxLength, String onnxFile, boolean pairs, ModelTask task) {
        return """
                import json

                import numpy as np
                import onnxruntime as ort
                from tokenizers import Tokenizer

                model_dir = "."  # this folder
                config = json.load(open(f"{model_dir}/config.json"))
                labels = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
                tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
                tokenizer.enable_truncation(max_length=%1$d)
                tokenizer.no_padding()
                session = ort.InferenceSession(f"{model_dir}/%2$s")

                encoding = tokenizer.encode(%3$s)
                arrays = {
                    "input_ids": encoding.ids,
                    "attention_mask": encoding.attention_mask,
                    "token_type_ids": encoding.type_ids,
                }
                # The graph takes token_type_ids only where the model tells token types apart.
                inputs = {i.name: np.array([arrays[i.name]], dtype=np.int64) for i in session.get_inputs()}
                logits = session.run(["logits"], inputs)[0][0]
                %4$s
                """.formatted(
                        maxLength,
                        onnxFile,
                        pairs ? "\"a first text\", \"a second text\"" : "\"a text to classify\"",
                        pythonOutputs(task));
    }

    private static String pythonOutputs(ModelTask task) {
        if (task.isRegression()) {
            return "print(labels[0], float(logits[0]))";
        }
        if (task.isMultiLabel()) {
            return "probabilities = 1 / (1 + np.exp(-logits))\n"
                    + "print([label for label, p in zip(labels, probabilities) if p >= " + task.threshold() + "])";
        }
        return "probabilities = np.exp(logits - logits.max())\n"
                + "probabilities /= probabilities.sum()\n"
                + "print(dict(zip(labels, probabilities.round(4).tolist())))";
    }

    private static String transformers(ModelCardFacts facts, boolean pairs) {
        String texts = pairs ? "[\"a first text\"], text_pair=[\"a second text\"]" : "[\"a text to classify\"]";
        Architecture architecture = facts.architecture();
        String sequenceClassification = architecture.sequenceClassification();
        if (facts.loadsAsSequenceClassification()) {
            return "config.json names `" + sequenceClassification + "`, which holds these weights as trained:\n\n"
                    + "```python\nimport torch\nfrom transformers import AutoTokenizer, "
                    + sequenceClassification + "\n\n"
                    + "model_dir = \".\"  # this folder\n"
                    + "tokenizer = AutoTokenizer.from_pretrained(model_dir)\n"
                    + "model = " + sequenceClassification + ".from_pretrained(model_dir).eval()\n"
                    + "with torch.no_grad():\n"
                    + "    logits = model(**tokenizer(" + texts + ", truncation=True, return_tensors=\"pt\")).logits\n"
                    + (facts.task().isSingleLabel()
                            ? "print(model.config.id2label[int(logits.argmax(-1))], logits.softmax(-1))"
                            : transformersOutputs(facts.task(), "logits"))
                    + "\n```\n";
        }
        HeadSettings head = facts.head().orElse(null);
        if (head == null) {
            return "config.json has no record of the head (`finetune`), so only the encoder loads: "
                    + "`BertModel.from_pretrained(model_dir)`.\n";
        }
        int hidden = facts.configInt(architecture.configKeys().hidden());
        int labels = facts.labels().size();
        String encoderClass = sequenceClassification.replace("ForSequenceClassification", "Model");
        boolean mlp = !head.hiddenSizes().isEmpty() || architecture == Architecture.BERT;
        return "No transformers class computes this model (" + why(head, architecture, facts.config())
                + "), so config.json names"
                + " no `architectures`. `" + encoderClass + "` loads the encoder (the `" + architecture.prefix()
                + ".*` tensors); the head is "
                + (mlp
                        ? ModelCardText.headLayers(head, hidden, labels)
                        : facts.ownHead().map(ClassifierHead::describe).orElse("the family's own head"))
                + " on " + ModelCardText.pooling(head)
                + ". Rebuild it from its tensors:\n\n```python\n"
                + "import torch\nfrom safetensors.torch import load_file\nfrom transformers import AutoTokenizer, "
                + encoderClass + "\n\n"
                + "model_dir = \".\"  # this folder\n"
                + "tokenizer = AutoTokenizer.from_pretrained(model_dir)\n"
                + "encoder = " + encoderClass + ".from_pretrained(model_dir"
                + (architecture.hasPooler() && head.pooling() != Pooling.POOLER ? ", add_pooling_layer=False" : "")
                + ").eval()\n"
                + "weights = load_file(f\"{model_dir}/model.safetensors\")\n"
                + (mlp
                        ? "head = " + torchHead(head, hidden, labels) + "\n"
                                + "head.load_state_dict({k[len(\"classifier.\"):]: v for k, v in weights.items() if k.startswith(\"classifier.\")})\n"
                        : facts.ownHead().map(UsageExamples::namedTorchHead).orElse(""))
                + "head.eval()\n\n"
                + "batch = tokenizer(" + texts + ", truncation=True, return_tensors=\"pt\")\n"
                + "with torch.no_grad():\n"
                + "    output = encoder(**batch)\n"
                + "    " + torchPooling(head.pooling()) + "\n"
                + "    logits = head(pooled)\n"
                + transformersOutputs(facts.task(), "logits")
                + "  # columns in config.json's id2label order\n```\n";
    }

    /** The last line of a transformers example: the label and probabilities, the labels predicted, or the value. */
    private static String transformersOutputs(ModelTask task, String logits) {
        if (task.isRegression()) {
            return "print(" + logits + ".squeeze(-1))";
        }
        if (task.isMultiLabel()) {
            return "print(" + logits + ".sigmoid() >= " + task.threshold() + ", " + logits + ".sigmoid())";
        }
        return "print(" + logits + ".softmax(-1))";
    }

    /**
     * A family's own head (its Linear layers named outside {@code classifier.} too) as an ordered
     * {@code nn.Sequential}: module names are the tensor prefixes with dots as underscores.
     */
    static String namedTorchHead(ClassifierHead head) {
        StringBuilder modules =
                new StringBuilder("from collections import OrderedDict\n\nhead = torch.nn.Sequential(OrderedDict([\n");
        StringBuilder names = new StringBuilder("names = {");
        int i = 0;
        for (ClassifierHead.Step step : head.steps()) {
            i++;
            String module;
            String name;
            if (step instanceof ClassifierHead.Linear l) {
                name = l.name().replace('.', '_');
                module = String.format(
                        Locale.ROOT,
                        "torch.nn.Linear(%d, %d%s)",
                        l.in(),
                        l.out(),
                        l.bias() == null ? ", bias=False" : "");
                names.append('"').append(l.name()).append("\": \"").append(name).append("\", ");
            } else if (step instanceof ClassifierHead.Norm n) {
                name = n.name().replace('.', '_');
                module = String.format(
                        Locale.ROOT,
                        "torch.nn.LayerNorm(%d, eps=%s%s)",
                        n.size(),
                        n.eps(),
                        n.bias() == null ? ", bias=False" : "");
                names.append('"').append(n.name()).append("\": \"").append(name).append("\", ");
            } else if (step instanceof ClassifierHead.Dropout d) {
                name = "dropout" + i;
                module = "torch.nn.Dropout(" + d.rate() + ")";
            } else {
                ClassifierHead.Act act = ((ClassifierHead.Activate) step).act();
                name = act.name().toLowerCase(Locale.ROOT) + i;
                module = switch (act) {
                    case RELU -> "torch.nn.ReLU()";
                    case TANH -> "torch.nn.Tanh()";
                    case GELU -> "torch.nn.GELU()";
                };
            }
            modules.append("    (\"").append(name).append("\", ").append(module).append("),\n");
        }
        return modules.append("]))\n")
                .append(names.toString().replaceAll(", $", ""))
                .append("}\n")
                .append("head.load_state_dict({names[k.rsplit(\".\", 1)[0]] + \".\" + k.rsplit(\".\", 1)[1]: v")
                .append(" for k, v in weights.items() if k.rsplit(\".\", 1)[0] in names})\n")
                .toString();
    }

    private static String why(HeadSettings head, Architecture architecture, com.google.gson.JsonObject config) {
        List<String> reasons = new java.util.ArrayList<>();
        if (!head.hiddenSizes().isEmpty()) {
            reasons.add("classifierHiddenSizes "
                    + head.hiddenSizes().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (head.pooling() != architecture.ownPooling(config)) {
            reasons.add("pooling " + head.pooling().id());
        }
        return String.join(", ", reasons);
    }

    /** The head as PyTorch modules whose state_dict keys are those of model.safetensors less "classifier.". */
    private static String torchHead(HeadSettings head, int hidden, int labels) {
        if (head.hiddenSizes().isEmpty()) {
            return String.format(Locale.ROOT, "torch.nn.Linear(%d, %d)", hidden, labels);
        }
        StringBuilder layers = new StringBuilder("torch.nn.Sequential(");
        int in = hidden;
        for (int size : head.hiddenSizes()) {
            layers.append(String.format(
                    Locale.ROOT,
                    "torch.nn.Linear(%d, %d), torch.nn.ReLU(), torch.nn.Dropout(%s), ",
                    in,
                    size,
                    head.dropout()));
            in = size;
        }
        return layers.append(String.format(Locale.ROOT, "torch.nn.Linear(%d, %d))", in, labels))
                .toString();
    }

    private static String torchPooling(Pooling pooling) {
        return switch (pooling) {
            case POOLER -> "pooled = output.pooler_output";
            case CLS -> "pooled = output.last_hidden_state[:, 0]";
            case MEAN ->
                "mask = batch[\"attention_mask\"].unsqueeze(-1).float()\n"
                        + "    pooled = (output.last_hidden_state * mask).sum(1) / mask.sum(1)";
        };
    }

    private static String code(String text) {
        return ModelCardText.code(text);
    }
}
