package dev.stellar.finetune.log;

import java.util.ArrayList;
import java.util.List;

/** A BuildLog that keeps what it is told, for assertions. */
public final class RecordingLog implements BuildLog {

    public final List<String> infos = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> debugs = new ArrayList<>();
    public final List<Progress> progress = new ArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void debug(String message) {
        debugs.add(message);
    }

    @Override
    public void progress(Progress update) {
        progress.add(update);
    }

    public String all() {
        return String.join("\n", infos) + "\n" + String.join("\n", warnings);
    }
}
