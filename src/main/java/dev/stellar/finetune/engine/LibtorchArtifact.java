package dev.stellar.finetune.engine;

import dev.stellar.finetune.config.FinetuneException;

/**
 * The Maven artifact that holds libtorch's CPU build for one platform: DJL's {@code pytorch-native-cpu} jar with
 * the platform as its classifier, at the libtorch version the plugin was built with. The plugin's own dependencies
 * carry no such jar (each is about 100 MB, one per platform); the Maven adapter resolves this one at run time and
 * hands it to the engine (the worker's classpath, or a class loader in-process).
 *
 * @param version libtorch's version, e.g. {@code 2.7.1}
 * @param classifier the platform, e.g. {@code linux-x86_64}
 */
public record LibtorchArtifact(String version, String classifier) {

    public static final String GROUP_ID = "ai.djl.pytorch";
    public static final String ARTIFACT_ID = "pytorch-native-cpu";
    public static final String EXTENSION = "jar";

    /** The libtorch version of the build (the pom's {@code pytorch.version}). */
    public static String pytorchVersion() {
        return BuildProperties.get("pytorch.version", "unknown");
    }

    /** The CPU build for the running JVM's platform. */
    public static LibtorchArtifact forThisPlatform() {
        return forPlatform(NativePlatform.current());
    }

    /**
     * The CPU build for {@code platform}.
     *
     * @throws FinetuneException when Maven Central serves none for it, naming the platform and the supported ones
     */
    public static LibtorchArtifact forPlatform(NativePlatform platform) {
        if (!platform.supported()) {
            throw new FinetuneException("The PyTorch engine cannot run here. " + platform.unsupportedMessage());
        }
        return new LibtorchArtifact(pytorchVersion(), platform.classifier());
    }

    /** As {@code mvn dependency:get -Dartifact=...} takes them: groupId:artifactId:version:jar:classifier. */
    public String coordinates() {
        return GROUP_ID + ":" + ARTIFACT_ID + ":" + version + ":" + EXTENSION + ":" + classifier;
    }

    /** The jar's file name in a Maven repository. */
    public String fileName() {
        return ARTIFACT_ID + "-" + version + "-" + classifier + "." + EXTENSION;
    }

    @Override
    public String toString() {
        return coordinates();
    }
}
