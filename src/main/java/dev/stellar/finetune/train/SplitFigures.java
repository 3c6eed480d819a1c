package dev.stellar.finetune.train;

import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelTask;
import java.util.List;

/** The figures of a model's scores on a labelled split, as its problem type defines them. */
public final class SplitFigures {

    private SplitFigures() {}

    public static ClassificationMetrics of(ClassifierModel model, EncodedSplit split, Scores scores) {
        return of(model.task(), model.labels(), split, scores);
    }

    public static ClassificationMetrics of(ModelTask task, List<String> labels, EncodedSplit split, Scores scores) {
        return switch (task.problemType()) {
            case SINGLE_LABEL ->
                ClassificationMetrics.of(split.labels(), scores.probabilities(), labels, scores.loss());
            case MULTI_LABEL ->
                ClassificationMetrics.ofMultiLabel(
                        split.targets(), scores.probabilities(), task.threshold(), labels, scores.loss());
            case REGRESSION ->
                ClassificationMetrics.ofRegression(split.targets(), scores.probabilities(), scores.loss());
        };
    }
}
