package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.io.ZipFiles;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** Packs target/finetune/model as {@code <finalName>-model.zip} and attaches it (type zip, classifier model). */
final class ModelAttachment {

    static final String CLASSIFIER = "model";
    static final String TYPE = "zip";

    private ModelAttachment() {
    }

    static File attach(MavenProject project, MavenProjectHelper helper, FinetuneSettings settings, Log log) {
        Path zip = Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + "-" + CLASSIFIER
                + "." + TYPE);
        ZipFiles.zipDirectory(settings.layout().modelDirectory(), zip);
        helper.attachArtifact(project, TYPE, CLASSIFIER, zip.toFile());
        log.info("Attached the model as " + zip.getFileName() + " (type " + TYPE + ", classifier " + CLASSIFIER + ")");
        return zip.toFile();
    }
}
