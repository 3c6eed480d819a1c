package dev.stellar.finetune.pipeline;

/** The core steps, named as the goals that run them alone. */
public enum Step {
    PREPARE_DATA("prepare-data"),
    FREEZE_AND_TRAIN("freeze-and-train"),
    EVALUATE("evaluate"),
    LIST_DATASETS("datasets"),
    LIST_MODELS("models"),
    BENCHMARK("benchmark"),
    PREDICT("predict");

    private final String goal;

    Step(String goal) {
        this.goal = goal;
    }

    public String goal() {
        return goal;
    }

    /** Whether the step runs the engine (and so needs libtorch started first). */
    public boolean needsEngine() {
        return this != LIST_DATASETS && this != LIST_MODELS;
    }

    /** Whether the step writes something the HTML report shows (data, model or evaluation). */
    public boolean feedsReport() {
        return this == PREPARE_DATA || this == FREEZE_AND_TRAIN || this == EVALUATE;
    }
}
