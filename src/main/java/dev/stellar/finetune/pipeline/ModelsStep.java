package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.hub.HubClient;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.WellKnownCheckpoints;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The finetune:models goal's work: without a search, the architectures the plugin fine-tunes (and those coming)
 * with well-known checkpoints, offline; with one, the Hub's matching models with their config.json model_type
 * and whether the plugin can fine-tune them, fine-tunable ones first.
 */
public final class ModelsStep {

    /** Enough to find the encoders among a search's GGUF and LLM repositories, and a bound on the listing. */
    static final int SEARCH_LIMIT = 50;

    private final String query;
    private final HubClient hub;
    private final BuildLog log;

    public ModelsStep(String query, HubClient hub, BuildLog log) {
        this.query = query == null || query.isBlank() ? null : query.trim();
        this.hub = hub;
        this.log = log;
    }

    public ModelCatalog run() {
        return query == null ? new ModelCatalog(architectures(), List.of()) : new ModelCatalog(List.of(), search());
    }

    /** Every model_type the plugin knows, in Architecture's order, read now: families are added over time. */
    private List<ModelCatalog.Family> architectures() {
        List<ModelCatalog.Family> families = Arrays.stream(Architecture.values())
                .flatMap(a -> a.modelTypes().stream()
                        .map(type -> new ModelCatalog.Family(
                                type, family(a), a.selectable(), WellKnownCheckpoints.of(type))))
                .toList();
        log.info("Architectures this plugin fine-tunes (config.json's model_type), with well-known checkpoints:");
        families.stream().filter(ModelCatalog.Family::fineTunable).forEach(this::logFamily);
        if (families.stream().anyMatch(f -> !f.fineTunable())) {
            log.info("Coming (known, not yet fine-tunable):");
            families.stream().filter(f -> !f.fineTunable()).forEach(this::logFamily);
        }
        log.info("Search the Hub for others with -Dfinetune.search=<words>, and fine-tune one with <model>org/name"
                + "</model>.");
        return families;
    }

    private void logFamily(ModelCatalog.Family f) {
        String type = f.modelType().equals(f.family()) ? f.modelType() : f.modelType() + " (" + f.family() + ")";
        log.info(String.format(
                Locale.ROOT, "  %-26s %s", type, f.checkpoints().isEmpty() ? "-" : String.join(", ", f.checkpoints())));
    }

    private List<ModelCatalog.Match> search() {
        HubSearch.requireOnline(hub, query);
        List<HubClient.ModelSummary> found;
        try {
            found = hub.searchModels(query, SEARCH_LIMIT);
        } catch (IOException e) {
            throw HubSearch.failed(hub, e);
        }
        // Stable: within each group the Hub's order (most downloaded first) is kept.
        List<ModelCatalog.Match> matches = found.stream()
                .map(ModelsStep::match)
                .sorted(Comparator.comparingInt(ModelsStep::rank))
                .toList();
        if (matches.isEmpty()) {
            log.info("No model on " + hub.environment().endpoint() + " matches '" + query + "'");
            return matches;
        }
        log.info("Models on " + hub.environment().endpoint() + " matching '" + query + "' (fine-tunable first, then"
                + " most downloaded; at most " + SEARCH_LIMIT + "):");
        matches.forEach(m -> log.info(String.format(
                Locale.ROOT,
                "  %-48s %-16s %,12d downloads %,8d likes  %s",
                m.id(),
                m.modelType() == null ? "(no config)" : m.modelType(),
                m.downloads(),
                m.likes(),
                verdict(m))));
        if (matches.stream().noneMatch(ModelCatalog.Match::fineTunable)) {
            log.info("None of these is of a model_type this plugin fine-tunes ("
                    + String.join(", ", Architecture.selectableModelTypes())
                    + "); run finetune:models without -Dfinetune.search for well-known checkpoints.");
        }
        return matches;
    }

    private static ModelCatalog.Match match(HubClient.ModelSummary model) {
        Optional<Architecture> architecture =
                model.modelType() == null ? Optional.empty() : Architecture.of(model.modelType());
        return new ModelCatalog.Match(
                model.id(),
                model.modelType(),
                architecture.map(ModelsStep::family).orElse(null),
                architecture.map(Architecture::selectable).orElse(false),
                model.downloads(),
                model.likes());
    }

    /** Fine-tunable, then coming, then the rest. */
    private static int rank(ModelCatalog.Match m) {
        return m.fineTunable() ? 0 : m.family() != null ? 1 : 2;
    }

    private static String verdict(ModelCatalog.Match m) {
        if (m.fineTunable()) {
            return "fine-tunable (" + m.family() + ")";
        }
        return m.family() != null ? "coming (" + m.family() + ")" : "not supported";
    }

    /** A family's name: its first model_type, as transformers names the module ({@code deberta-v2}). */
    private static String family(Architecture architecture) {
        return architecture.modelTypes().get(0);
    }
}
