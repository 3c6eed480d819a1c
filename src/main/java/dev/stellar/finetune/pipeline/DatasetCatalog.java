package dev.stellar.finetune.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What finetune:datasets found: search hits, a data set's configurations, or one configuration's splits
 * and features. Fields the request did not ask for are empty.
 */
public record DatasetCatalog(
        List<String> matches,
        String dataset,
        List<String> configs,
        String config,
        List<Split> splits,
        Map<String, String> features) {

    /** A split with its row count and number of Parquet files. */
    public record Split(String name, long rows, int files) {}
}
