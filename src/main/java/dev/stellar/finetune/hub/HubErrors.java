package dev.stellar.finetune.hub;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;

/** Turns the Hub's answers into messages that say what to change. */
final class HubErrors {

    private HubErrors() {}

    static FinetuneException explain(
            String parameter, String value, RepoType type, HubResponseException e, HubEnvironment environment) {
        String where = "the Hugging Face Hub at " + environment.endpoint();
        boolean hasToken = environment.token().isPresent();
        if (e.isGated()) {
            return new ConfigurationException(
                    parameter,
                    value,
                    "the " + type.noun() + " is gated on " + where
                            + (hasToken
                                    ? " and the token in use has not been granted access (HTTP " + e.status() + ")"
                                    : " and no token was sent (HTTP " + e.status() + ")"),
                    hasToken
                            ? "accept the " + type.noun() + "'s conditions on its Hub page with the account of your"
                                    + " token"
                            : "request access on its Hub page, then set HF_TOKEN or a <server> with id"
                                    + " huggingface (or <hubServerId>) in settings.xml",
                    e);
        }
        if (e.errorCode().equals("RevisionNotFound")) {
            return new ConfigurationException(
                    parameter.equals("model") ? "modelRevision" : "datasetRevision",
                    value,
                    "the " + type.noun() + " has no such revision on " + where,
                    "use a branch, tag or commit that exists, e.g. main",
                    e);
        }
        if (e.isNotFound() || e.status() == 401) {
            return new ConfigurationException(
                    parameter,
                    value,
                    "no " + type.noun() + " of that id was found on " + where
                            + (hasToken ? "" : " (a private one needs a token)") + " (HTTP " + e.status() + ")",
                    "check the id (org/name), or set HF_TOKEN or a <server> with id huggingface in settings.xml for"
                            + " a private " + type.noun(),
                    e);
        }
        if (e.status() == 403) {
            return new ConfigurationException(
                    parameter,
                    value,
                    "access was refused by " + where + " (HTTP 403: " + e.getMessage() + ")",
                    "check that your token may read this " + type.noun(),
                    e);
        }
        if (e.isUnreachable()) {
            return new FinetuneException(
                    "The Hugging Face Hub at " + environment.endpoint() + " could not be"
                            + " reached for the " + type.noun() + " " + value + " after retries (" + e.getMessage()
                            + ")."
                            + " Fix: check the network, HF_ENDPOINT and the proxy (HTTPS_PROXY, NO_PROXY, or settings.xml's"
                            + " <proxy>)"
                            + (String.valueOf(e.getMessage()).startsWith("no answer within")
                                    ? ", raise the" + " timeout named above for a slow link"
                                    : "")
                            + ", or run offline (mvn -o, or"
                            + " HF_HUB_OFFLINE=1) once the files are in the cache " + environment.cacheDirectory()
                            + ".",
                    e);
        }
        if (e.status() == 200 || e.status() == 310) {
            return new FinetuneException(
                    "The Hugging Face Hub at " + environment.endpoint() + " answered for the "
                            + type.noun() + " " + value + " with something this plugin refuses: " + e.getMessage()
                            + ". Fix:"
                            + " check HF_ENDPOINT (a mirror or proxy in between may misbehave), then run the build again.",
                    e);
        }
        return new FinetuneException(
                "The Hugging Face Hub at " + environment.endpoint() + " answered HTTP " + e.status() + " for the "
                        + type.noun() + " " + value + ": " + e.getMessage() + ".",
                e);
    }

    static ConfigurationException notCached(
            String parameter, String value, RepoType type, String what, HubEnvironment environment, String whyOffline) {
        return new ConfigurationException(
                parameter,
                value,
                "the " + type.noun() + " is needed " + whyOffline + ", but " + what
                        + " is not in the Hugging Face cache " + environment.cacheDirectory(),
                "run once online so it is downloaded (by this plugin or by huggingface_hub), or point HF_HUB_CACHE at"
                        + " the cache that holds it");
    }

    static String whyOffline(HubEnvironment environment) {
        return "offline (Maven runs with -o, or HF_HUB_OFFLINE is set)";
    }
}
