package dev.stellar.finetune.fork;

import dev.stellar.finetune.log.RecordingLog;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Stands in for the Maven JVM in orphan tests: launches a fake worker (args: job file, log file) and waits. */
public final class FakeMaven {

    private FakeMaven() {}

    public static void main(String[] args) {
        List<Path> classpath = Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .toList();
        new WorkerLauncher(WorkerLauncher.currentJava(), classpath, List.of("-Xmx64m"), FakeWorker.class.getName())
                .run(Path.of(args[0]), Path.of(args[1]), new RecordingLog(), Map.of());
    }
}
