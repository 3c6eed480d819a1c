package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.engine.LibtorchArtifact;
import java.io.File;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.LocalRepositoryManager;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.junit.jupiter.api.Test;

/** What the user reads when libtorch's jar cannot be had, and what the engine gets when it can. */
class LibtorchResolverTest {

    private static final LibtorchArtifact NATIVES = new LibtorchArtifact("2.7.1", "linux-aarch64");
    private static final Path LOCAL = Path.of("/home/dev/.m2/repository");
    private static final List<RemoteRepository> CENTRAL =
            List.of(new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2").build());

    @Test
    void offlineAndNotInTheLocalRepositoryItSaysToRunOnceOnline() throws Exception {
        FinetuneException e =
                assertThrows(FinetuneException.class, () -> failing(true).resolve(NATIVES, log()));

        assertEquals(
                "libtorch's CPU build for this platform, ai.djl.pytorch:pytorch-native-cpu:2.7.1:jar:linux-aarch64,"
                        + " which the PyTorch engine needs, could not be resolved: Maven runs offline and it is not"
                        + " in the local repository " + LOCAL + ". Fix: run the build once without -o (Maven"
                        + " downloads it, about 100 MB, into the local repository), or fetch it with mvn"
                        + " dependency:get -Dartifact=ai.djl.pytorch:pytorch-native-cpu:2.7.1:jar:linux-aarch64.",
                e.getMessage());
    }

    @Test
    void onlineItNamesTheRepositoriesAndTheirAnswer() throws Exception {
        FinetuneException e =
                assertThrows(FinetuneException.class, () -> failing(false).resolve(NATIVES, log()));

        assertEquals(
                "libtorch's CPU build for this platform, ai.djl.pytorch:pytorch-native-cpu:2.7.1:jar:linux-aarch64,"
                        + " which the PyTorch engine needs, could not be resolved: it is neither in the local"
                        + " repository " + LOCAL + " nor served by central (https://repo.maven.apache.org/maven2):"
                        + " Connection refused. Fix: let a repository or mirror in your settings.xml serve it (Maven"
                        + " Central does).",
                e.getMessage());
    }

    @Test
    void resolvedItIsTheFileInTheLocalRepository() throws Exception {
        RepositorySystem system = mock(RepositorySystem.class);
        File jar = LOCAL.resolve("pytorch-native-cpu-2.7.1-linux-aarch64.jar").toFile();
        when(system.resolveArtifact(any(), any(ArtifactRequest.class))).thenAnswer(call -> {
            ArtifactRequest request = call.getArgument(1);
            assertEquals(
                    "ai.djl.pytorch:pytorch-native-cpu:jar:linux-aarch64:2.7.1",
                    request.getArtifact().toString());
            assertEquals(CENTRAL, request.getRepositories());
            return new ArtifactResult(request).setArtifact(request.getArtifact().setFile(jar));
        });

        assertEquals(jar.toPath(), new LibtorchResolver(system, session(false), CENTRAL).resolve(NATIVES, log()));
    }

    private static LibtorchResolver failing(boolean offline) throws ArtifactResolutionException {
        RepositorySystem system = mock(RepositorySystem.class);
        ArtifactRequest request = new ArtifactRequest(
                new DefaultArtifact("ai.djl.pytorch:pytorch-native-cpu:jar:linux-aarch64:2.7.1"), CENTRAL, null);
        when(system.resolveArtifact(any(), any(ArtifactRequest.class)))
                .thenThrow(new ArtifactResolutionException(
                        List.of(new ArtifactResult(request)),
                        "Could not resolve",
                        new ConnectException("Connection refused")));
        return new LibtorchResolver(system, session(offline), CENTRAL);
    }

    private static DefaultRepositorySystemSession session(boolean offline) {
        LocalRepositoryManager local = mock(LocalRepositoryManager.class);
        when(local.getRepository()).thenReturn(new LocalRepository(LOCAL.toFile()));
        DefaultRepositorySystemSession session = new DefaultRepositorySystemSession();
        session.setOffline(offline);
        session.setLocalRepositoryManager(local);
        return session;
    }

    private static SystemStreamLog log() {
        return new SystemStreamLog();
    }
}
