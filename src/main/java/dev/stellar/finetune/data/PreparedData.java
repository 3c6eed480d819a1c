package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.io.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What prepare-data produced, as stats.json holds it.
 *
 * @param labels the label names in id order (as labels.json)
 * @param roles the output splits in order: train, validation and, when there is one, test
 * @param tokenizer where the tokenizer in tokenizer/ came from
 * @param notes decisions worth knowing, e.g. a split read as unlabelled or carved from train
 * @param dataset the {@code dataset} parameter as configured; {@code null} when only dataFiles named the files
 *     (and in data prepared by earlier versions)
 * @param datasetOnHub whether {@code dataset} is a Hugging Face Hub data set id the splits were downloaded from
 * @param problemType the {@link ProblemType} id the targets are for; {@code null} in data prepared by earlier
 *     versions, which were all single-label
 */
public record PreparedData(
        List<String> labels,
        Map<String, RoleStats> roles,
        int maxLength,
        List<String> textColumns,
        String labelColumn,
        String tokenizer,
        List<String> notes,
        String dataset,
        boolean datasetOnHub,
        String problemType) {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve("stats.json");
    }

    public static Path tokenizerDirectory(Path dataDirectory) {
        return dataDirectory.resolve("tokenizer");
    }

    public ProblemType problem() {
        return problemType == null ? ProblemType.SINGLE_LABEL : ProblemType.parse(problemType);
    }

    /** Rows of a role, 0 when there is no such split. */
    public int rows(String role) {
        RoleStats stats = roles.get(role);
        return stats == null ? 0 : stats.rows();
    }

    public void write(Path dataDirectory) {
        Json.write(file(dataDirectory), this);
    }

    public static PreparedData read(Path dataDirectory) {
        return Json.read(file(dataDirectory), PreparedData.class);
    }
}
