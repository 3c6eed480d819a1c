package dev.stellar.finetune.model;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A torchinfo-style table: one row per block with its parameter count and whether it trains. */
public final class ModelSummary {

    /** One block of the model. */
    public record Row(String name, String type, long parameters, long trainable) {

        public String status() {
            if (trainable == 0) {
                return "frozen";
            }
            return trainable == parameters ? "trainable" : "partly trainable";
        }
    }

    private final List<Row> rows;

    private ModelSummary(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static ModelSummary of(ClassifierModel model) {
        SequenceClassifier network = model.network();
        List<Row> rows = new ArrayList<>();
        network.encoder()
                .namedChildren()
                .forEach((name, block) ->
                        rows.add(row(name, block.getClass().getSimpleName(), block.namedParameters())));
        rows.add(row(
                "classifier",
                network.classifier().describe(),
                network.classifier().namedParameters()));
        return new ModelSummary(rows);
    }

    private static Row row(String name, String type, Map<String, Parameter> parameters) {
        long total = 0;
        long trainable = 0;
        for (Parameter p : parameters.values()) {
            long size = p.getArray().size();
            total += size;
            if (p.requiresGradient()) {
                trainable += size;
            }
        }
        return new Row(name, type, total, trainable);
    }

    public List<Row> rows() {
        return rows;
    }

    public long total() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    public long trainable() {
        return rows.stream().mapToLong(Row::trainable).sum();
    }

    /** The table as lines of text, ready for the log. */
    public List<String> lines() {
        int nameWidth = Math.max(
                28,
                rows.stream()
                        .mapToInt(r -> r.name().length() + r.type().length() + 3)
                        .max()
                        .orElse(0));
        String rule = "=".repeat(nameWidth + 34);
        List<String> lines = new ArrayList<>();
        lines.add(rule);
        lines.add(String.format(Locale.ROOT, "%-" + nameWidth + "s %16s   %s", "Layer (type)", "Param #", "Trainable"));
        lines.add(rule);
        for (Row r : rows) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%-" + nameWidth + "s %,16d   %s",
                    r.name() + " (" + r.type() + ")",
                    r.parameters(),
                    r.status()));
        }
        lines.add(rule);
        lines.add(String.format(Locale.ROOT, "Total params: %,d", total()));
        lines.add(String.format(Locale.ROOT, "Trainable params: %,d", trainable()));
        lines.add(String.format(Locale.ROOT, "Non-trainable params: %,d", total() - trainable()));
        lines.add(rule);
        return lines;
    }
}
