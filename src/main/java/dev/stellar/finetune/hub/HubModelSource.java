package dev.stellar.finetune.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model id on the Hugging Face Hub ({@code bert-base-uncased}, {@code org/name}) at {@code modelRevision}:
 * config.json, the safetensors weights (one file, or shards with their index) and the tokenizer files are
 * downloaded into the shared cache, and the snapshot directory is the model. Offline, the cache alone
 * answers.
 */
public final class HubModelSource implements ModelSource {

    private static final String MODEL_CARD = "README.md";

    private final HubClient client;
    private final String revision;

    public HubModelSource(HubClient client, String revision) {
        this.client = client;
        this.revision = revision == null || revision.isBlank() ? "main" : revision.trim();
    }

    @Override
    public String describe() {
        return "a Hugging Face Hub model id";
    }

    @Override
    public boolean resolvesHubIds() {
        return true;
    }

    @Override
    public Optional<Path> resolve(String location, BuildLog log) {
        Optional<String> id = HubNames.repoId(location);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!HubNames.isRevision(revision)) {
            throw new ConfigurationException(
                    "modelRevision",
                    revision,
                    "is not a branch, tag or commit name",
                    "use e.g. main, v1.0 or a 40-digit commit");
        }
        HubEnvironment environment = client.environment();
        try {
            if (environment.offline()) {
                Path snapshot = fromCache(id.get());
                log.info("Model " + id.get() + " at " + revision + " from the Hugging Face cache (offline): "
                        + snapshot);
                return Optional.of(snapshot);
            }
            return Optional.of(download(id.get(), log));
        } catch (HubResponseException e) {
            Optional<Path> cached = cachedQuietly(id.get());
            if (e.isUnreachable() && cached.isPresent()) {
                log.warn("The Hub could not be reached (" + e.getMessage() + "); using the cached " + id.get()
                        + " at revision " + revision);
                return cached;
            }
            throw HubErrors.explain("model", id.get(), RepoType.MODEL, e, environment);
        } catch (IOException e) {
            throw new FinetuneException(
                    "Downloading the model " + id.get() + " failed: " + e.getMessage()
                            + ". Fix: run the build again; a broken download resumes where it stopped.",
                    e);
        }
    }

    private Path download(String id, BuildLog log) throws IOException {
        HubClient.RepoInfo info = client.repoInfo(RepoType.MODEL, id, revision);
        List<String> files = new ArrayList<>(List.of(ModelDirectory.CONFIG));
        files.addAll(weights(id, info));
        files.addAll(tokenizer(id, info.files()));
        if (info.files().contains(MODEL_CARD)) {
            files.add(MODEL_CARD); // its front matter declares the license a fine-tuned model inherits
        }
        log.info("Model " + id + " at " + revision + " (commit " + info.sha().substring(0, 12) + ") from "
                + client.environment().endpoint() + ": " + String.join(", ", files));
        for (String file : files) {
            client.download(RepoType.MODEL, id, info.sha(), file);
        }
        client.rememberRevision(RepoType.MODEL, id, revision, info.sha());
        return client.snapshot(RepoType.MODEL, id, info.sha());
    }

    private List<String> weights(String id, HubClient.RepoInfo info) throws IOException {
        Set<String> available = Set.copyOf(info.files());
        if (available.contains(ModelDirectory.WEIGHTS)) {
            return List.of(ModelDirectory.WEIGHTS);
        }
        if (available.contains(ModelDirectory.WEIGHTS_INDEX)) {
            Path index = client.download(RepoType.MODEL, id, info.sha(), ModelDirectory.WEIGHTS_INDEX);
            Set<String> shards = new LinkedHashSet<>();
            for (Map.Entry<String, JsonElement> e : JsonParser.parseString(Files.readString(index))
                    .getAsJsonObject()
                    .getAsJsonObject("weight_map")
                    .entrySet()) {
                String shard = e.getValue().getAsString();
                if (!HubNames.isRepoPath(shard)) {
                    throw new ConfigurationException(
                            "model",
                            id,
                            "its weight index names a file outside the" + " repository: " + shard,
                            "use another revision of the model");
                }
                shards.add(shard);
            }
            List<String> files = new ArrayList<>(List.of(ModelDirectory.WEIGHTS_INDEX));
            files.addAll(shards);
            return files;
        }
        boolean pickle = available.contains("pytorch_model.bin");
        throw new ConfigurationException(
                "model",
                id,
                "the Hub has no safetensors weights for it at revision " + revision
                        + (pickle ? " (only pytorch_model.bin, a Python pickle this plugin does not execute)" : ""),
                "set <modelRevision> to a revision with model.safetensors (the Hub's safetensors conversion bot opens"
                        + " one as a pull request, refs/pr/N), or convert the model with transformers:"
                        + " save_pretrained(dir, safe_serialization=True)");
    }

    /** The tokenizer files it has; spm.model (DeBERTa-v3's) only when there is no tokenizer.json to use. */
    private static List<String> tokenizer(String id, List<String> available) {
        List<String> files = new ArrayList<>(ModelDirectory.TOKENIZER_FILES.stream()
                .filter(available::contains)
                .toList());
        if (!files.contains(ModelDirectory.TOKENIZER) && available.contains(ModelDirectory.SPM)) {
            files.add(ModelDirectory.SPM);
        }
        if (!files.contains(ModelDirectory.TOKENIZER)
                && !files.contains(ModelDirectory.SPM)
                && !files.contains(ModelDirectory.VOCAB)) {
            throw new ConfigurationException(
                    "model",
                    id,
                    "the repository has no tokenizer: neither tokenizer.json nor spm.model nor vocab.txt",
                    "use a model repository that ships its tokenizer");
        }
        return files;
    }

    private Path fromCache(String id) throws IOException {
        String what = id + " at revision " + revision;
        String commit = client.cachedCommit(RepoType.MODEL, id, revision)
                .orElseThrow(() -> HubErrors.notCached(
                        "model",
                        id,
                        RepoType.MODEL,
                        what,
                        client.environment(),
                        HubErrors.whyOffline(client.environment())));
        Path snapshot = client.snapshot(RepoType.MODEL, id, commit);
        boolean complete = Files.isRegularFile(snapshot.resolve(ModelDirectory.CONFIG))
                && (Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS))
                        || Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS_INDEX)))
                && (Files.isRegularFile(snapshot.resolve(ModelDirectory.TOKENIZER))
                        || Files.isRegularFile(snapshot.resolve(ModelDirectory.SPM))
                        || Files.isRegularFile(snapshot.resolve(ModelDirectory.VOCAB)));
        if (!complete) {
            throw HubErrors.notCached(
                    "model",
                    id,
                    RepoType.MODEL,
                    "part of " + what + " (config.json, weights or" + " tokenizer in " + snapshot + ")",
                    client.environment(),
                    HubErrors.whyOffline(client.environment()));
        }
        return snapshot;
    }

    private Optional<Path> cachedQuietly(String id) {
        try {
            return Optional.of(fromCache(id));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
