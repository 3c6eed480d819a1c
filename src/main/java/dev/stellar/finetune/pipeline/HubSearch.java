package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.hub.HubClient;
import dev.stellar.finetune.hub.HubResponseException;
import java.io.IOException;

/** What the Hub searches of finetune:datasets and finetune:models share: they need the network, and say what failed. */
final class HubSearch {

    private HubSearch() {}

    /** Fails, naming the fix, when Maven or HF_HUB_OFFLINE keeps the build offline. */
    static void requireOnline(HubClient hub, String query) {
        if (hub.environment().offline()) {
            throw new ConfigurationException(
                    "search",
                    query,
                    "listing the Hub needs the network, and Maven runs offline (-o or HF_HUB_OFFLINE)",
                    "run it without -o and with HF_HUB_OFFLINE unset");
        }
    }

    /** A failed search as a message: a refused token and an unreachable Hub say what to check. */
    static FinetuneException failed(HubClient hub, IOException e) {
        String searching = "Searching the Hub at " + hub.environment().endpoint() + " failed: ";
        if (e instanceof HubResponseException response && response.status() == 401) {
            // A search needs no token, so a 401 can only mean the one sent is wrong.
            return new FinetuneException(
                    searching + "the Hub refused the token (HTTP 401: " + e.getMessage() + "). Fix: check HF_TOKEN,"
                            + " or the password of the settings.xml <server> with id huggingface (hubServerId); a"
                            + " search needs no token, so unsetting it works too.",
                    e);
        }
        if (e instanceof HubResponseException response && response.isUnreachable()) {
            return new FinetuneException(
                    searching + "no answer after retries (" + e.getMessage() + "). Fix: check the network,"
                            + " HF_ENDPOINT and the proxy (HTTPS_PROXY, NO_PROXY, or settings.xml's <proxy>).",
                    e);
        }
        return new FinetuneException(searching + e.getMessage() + ".", e);
    }
}
