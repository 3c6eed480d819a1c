package dev.stellar.finetune.maven;

import dev.stellar.finetune.cache.CacheFolder;
import dev.stellar.finetune.cache.CacheMaintenance;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.hub.HubEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the caches the plugin fills, with each entry's size and last use: the model import cache (model zips
 * and ONNX jars unpacked, beside the local repository), the trained-model {@code cacheDirectory} when set,
 * and the Hugging Face cache. {@code -Dfinetune.prune=true} removes the entries not used for
 * {@code olderThanDays} days (an entry a running build holds is kept); the Hugging Face cache, shared with
 * Python, only with {@code -Dfinetune.pruneHubCache=true} too.
 */
@Mojo(name = "cache", requiresProject = false, threadSafe = true)
public class CacheMojo extends AbstractMojo {

    /** The trained-model cache to list or prune (the same folder as the training goals' cacheDirectory). */
    @Parameter(property = "finetune.cacheDirectory")
    protected File cacheDirectory;

    /** Remove the entries not used for olderThanDays days; without it the goal only lists. */
    @Parameter(property = "finetune.prune", defaultValue = "false")
    protected boolean prune;

    /** How many days an entry may go unused before prune removes it. */
    @Parameter(property = "finetune.olderThanDays", defaultValue = "30")
    protected String olderThanDays;

    /** Prune the Hugging Face cache as well (it is shared with Python's huggingface_hub). */
    @Parameter(property = "finetune.pruneHubCache", defaultValue = "false")
    protected boolean pruneHubCache;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Override
    public void execute() throws MojoExecutionException {
        try {
            int days = days(olderThanDays);
            MavenBuildLog log = new MavenBuildLog(getLog(), false, System.out);
            CacheMaintenance maintenance = new CacheMaintenance(log, Instant.now());
            List<CacheFolder> pruned = new ArrayList<>();
            if (session != null && session.getRepositorySession() != null) {
                pruned.add(new CacheFolder(
                        "model import cache",
                        ModelArtifactResolver.cacheDirectory(session.getRepositorySession()
                                .getLocalRepository()
                                .getBasedir()
                                .toPath()),
                        false));
            }
            if (cacheDirectory != null) {
                pruned.add(new CacheFolder("trained-model cache", cacheDirectory.toPath(), false));
            }
            CacheFolder hub = new CacheFolder(
                    "Hugging Face cache",
                    HubEnvironment.from(System.getenv(), Path.of(System.getProperty("user.home")))
                            .cacheDirectory(),
                    true);
            long removed = maintenance.run(pruned, Duration.ofDays(days), prune);
            removed += maintenance.run(List.of(hub), Duration.ofDays(days), prune && pruneHubCache);
            if (prune) {
                getLog().info("Removed " + removed + " bytes of entries not used for " + days + " days");
            }
        } catch (FinetuneException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    static int days(String value) {
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ConfigurationException(
                "olderThanDays",
                value,
                "it is not a whole number of days, 0 or more",
                "set it to e.g. 30 (-Dfinetune.olderThanDays=30)");
    }
}
