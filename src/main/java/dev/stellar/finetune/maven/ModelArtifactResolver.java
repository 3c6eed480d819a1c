package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.logging.Log;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves a model given as Maven coordinates through Maven's own repository system, so the user's
 * mirrors, proxies, credentials and offline mode apply as to any other build input.
 */
final class ModelArtifactResolver {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    ModelArtifactResolver(
            RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    /**
     * The artifact's file in the local repository, downloaded first when needed.
     *
     * @param parameter the parameter that named the coordinates, for messages
     */
    Path resolve(ModelCoordinates coordinates, String parameter, Log log) {
        DefaultArtifact artifact = new DefaultArtifact(
                coordinates.groupId(),
                coordinates.artifactId(),
                coordinates.classifier(),
                coordinates.extension(),
                coordinates.version());
        try {
            Path file = file(system, session, repositories, artifact);
            log.info("Model " + coordinates + " resolved to " + file);
            return file;
        } catch (ArtifactResolutionException e) {
            String where = repositories.stream().map(RemoteRepository::getId).collect(Collectors.joining(", "));
            boolean offline = session.isOffline();
            throw new ConfigurationException(
                    parameter,
                    coordinates,
                    "the artifact could not be resolved "
                            + (offline
                                    ? "(Maven runs offline and it is not in the local repository)"
                                    : "from the repositories " + where + ": " + rootMessage(e)),
                    offline
                            ? "run once without -o so Maven can download it"
                            : "check the coordinates (groupId:artifactId:version[:extension[:classifier]]) and"
                                    + " that a repository in your settings serves them",
                    e);
        }
    }

    /** The artifact's file in the local repository, downloaded from {@code repositories} first when needed. */
    static Path file(
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories,
            DefaultArtifact artifact)
            throws ArtifactResolutionException {
        return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                .getArtifact()
                .getFile()
                .toPath();
    }

    /** Where model zips and ONNX jars are unpacked once: beside the artifacts, under the local repository. */
    Path cacheDirectory() {
        return cacheDirectory(session.getLocalRepository().getBasedir().toPath());
    }

    /** Where model zips and ONNX jars are unpacked: beside the local repository they came from. */
    static Path cacheDirectory(Path localRepository) {
        return localRepository
                .resolve(".cache")
                .resolve("finetune-maven-plugin")
                .resolve("models");
    }

    /** The innermost cause's message: the resolver's own words, without its wrapping. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
