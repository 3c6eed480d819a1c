package dev.stellar.finetune.hub;

/** The kinds of Hub repository this plugin reads, with their URL and cache spellings. */
public enum RepoType {
    MODEL("models", "", "models"),
    DATASET("datasets", "datasets/", "datasets");

    private final String api;
    private final String urlPrefix;
    private final String cachePrefix;

    RepoType(String api, String urlPrefix, String cachePrefix) {
        this.api = api;
        this.urlPrefix = urlPrefix;
        this.cachePrefix = cachePrefix;
    }

    /** {@code models} in {@code /api/models/{id}}. */
    public String api() {
        return api;
    }

    /** {@code datasets/} in {@code /datasets/{id}/resolve/...}; empty for models. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** {@code models} in the cache folder {@code models--org--name}. */
    public String cachePrefix() {
        return cachePrefix;
    }

    public String noun() {
        return this == MODEL ? "model" : "data set";
    }
}
