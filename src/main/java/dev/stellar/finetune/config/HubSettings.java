package dev.stellar.finetune.config;

/**
 * Which revision and configuration to take when {@code model} or {@code dataset} names a Hugging Face Hub
 * repository. The endpoint, cache, token and offline mode come from the environment (HF_* variables,
 * settings.xml, mvn -o), never from here: the settings are written to disk, a token must not be.
 *
 * @param modelRevision branch, tag or commit of the model repository
 * @param datasetConfig the data set's configuration (e.g. mrpc of nyu-mll/glue), or {@code null}
 * @param datasetRevision revision of the data set's Parquet conversion, or {@code null} for its latest
 */
public record HubSettings(String modelRevision, String datasetConfig, String datasetRevision) {

    public HubSettings {
        modelRevision = modelRevision == null || modelRevision.isBlank() ? "main" : modelRevision.trim();
        datasetConfig = datasetConfig == null || datasetConfig.isBlank() ? null : datasetConfig.trim();
        datasetRevision = datasetRevision == null || datasetRevision.isBlank() ? null : datasetRevision.trim();
    }

    public static HubSettings defaults() {
        return new HubSettings(null, null, null);
    }
}
