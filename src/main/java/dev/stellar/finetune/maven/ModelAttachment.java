package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.io.ZipFiles;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packs target/finetune/model as {@code <finalName>-model.zip} and attaches it (type zip, classifier model);
 * evaluate, which runs after the attachment, packs it again so the zip carries the evaluated model card.
 */
final class ModelAttachment {

    static final String CLASSIFIER = "model";
    static final String TYPE = "zip";

    private ModelAttachment() {}

    static File attach(MavenProject project, MavenProjectHelper helper, FinetuneSettings settings, Log log) {
        Path zip = Path.of(
                project.getBuild().getDirectory(), project.getBuild().getFinalName() + "-" + CLASSIFIER + "." + TYPE);
        ZipFiles.zipDirectory(settings.layout().modelDirectory(), zip);
        helper.attachArtifact(project, TYPE, CLASSIFIER, zip.toFile());
        log.info("Attached the model as " + zip.getFileName() + " (type " + TYPE + ", classifier " + CLASSIFIER + ")");
        return zip.toFile();
    }

    /**
     * Packs the model directory again into the zip this build attached, if it attached one. Install and deploy
     * copy the file later in the build, so rewriting it in place is enough.
     */
    static void repackIfAttached(MavenProject project, FinetuneSettings settings, Log log) {
        for (Artifact artifact : project.getAttachedArtifacts()) {
            if (CLASSIFIER.equals(artifact.getClassifier())
                    && TYPE.equals(artifact.getType())
                    && artifact.getFile() != null) {
                ZipFiles.zipDirectory(
                        settings.layout().modelDirectory(), artifact.getFile().toPath());
                log.info("Packed the evaluated model card into the attached "
                        + artifact.getFile().getName());
            }
        }
    }
}
