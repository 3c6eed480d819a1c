package dev.stellar.finetune.data;

import java.util.List;
import java.util.stream.Collectors;

/** The files of one named split of the data set, all of one format, in reading order. */
public record SplitFiles(String name, DataFormat format, List<DataFile> files) {

    public SplitFiles {
        files = List.copyOf(files);
    }

    /** "train.csv", or "train-00000-of-00002.parquet, train-00001-of-00002.parquet". */
    public String describeFiles() {
        if (files.size() <= 3) {
            return files.stream().map(DataFile::name).collect(Collectors.joining(", "));
        }
        return files.get(0).name() + ", ..., " + files.get(files.size() - 1).name() + " (" + files.size() + " files)";
    }
}
