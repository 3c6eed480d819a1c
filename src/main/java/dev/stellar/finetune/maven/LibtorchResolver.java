package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.engine.LibtorchArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.logging.Log;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves the running platform's libtorch jar through Maven's repository system, as the plugin's own dependencies
 * are: the user's mirrors, proxies, credentials and offline mode apply, and it is downloaded once into the local
 * repository. The plugin does not declare it, so that no other platform's 100 MB are fetched.
 */
final class LibtorchResolver {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    /** @param repositories where plugins come from (the build's plugin repositories, mirrors applied) */
    LibtorchResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    /** The jar in the local repository, downloaded first when needed. */
    Path resolve(LibtorchArtifact natives, Log log) {
        DefaultArtifact artifact = new DefaultArtifact(
                LibtorchArtifact.GROUP_ID,
                LibtorchArtifact.ARTIFACT_ID,
                natives.classifier(),
                LibtorchArtifact.EXTENSION,
                natives.version());
        try {
            Path file = ModelArtifactResolver.file(system, session, repositories, artifact);
            log.debug("libtorch for " + natives.classifier() + ": " + file);
            return file;
        } catch (ArtifactResolutionException e) {
            // The message is whole: Maven would append the resolver's wording of it again after a cause.
            log.debug("Resolving " + natives + " failed", e);
            throw new FinetuneException(failure(natives, e));
        }
    }

    /** What was looked for, where, and the fix; the resolver's own words at the end when online. */
    private String failure(LibtorchArtifact natives, ArtifactResolutionException e) {
        String localRepository = session.getLocalRepository().getBasedir().toString();
        String head = "libtorch's CPU build for this platform, " + natives.coordinates()
                + ", which the PyTorch engine needs, could not be resolved: ";
        if (session.isOffline()) {
            return head + "Maven runs offline and it is not in the local repository " + localRepository
                    + ". Fix: run the build once without -o (Maven downloads it, about 100 MB, into the local"
                    + " repository), or fetch it with mvn dependency:get -Dartifact=" + natives.coordinates() + ".";
        }
        String remotes = repositories.stream()
                .map(r -> r.getId() + " (" + r.getUrl() + ")")
                .collect(Collectors.joining(", "));
        return head + "it is neither in the local repository " + localRepository + " nor served by "
                + (remotes.isEmpty() ? "any plugin repository" : remotes) + ": "
                + ModelArtifactResolver.rootMessage(e)
                + ". Fix: let a repository or mirror in your settings.xml serve it (Maven Central does).";
    }
}
