package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubNamesTest {

    @Test
    void repoIdsAreOneOrTwoPlainParts() {
        assertEquals(Optional.of("bert-base-uncased"), HubNames.repoId("bert-base-uncased"));
        assertEquals(Optional.of("nyu-mll/glue"), HubNames.repoId(" nyu-mll/glue "));
        for (String bad : new String[] {"../glue", "a/../b", "/abs", "a/b/c", "a\\b", "a:b:c", "", ".hidden", "x/."}) {
            assertTrue(HubNames.repoId(bad).isEmpty(), bad);
        }
    }

    @Test
    void pathsFromTheServerCannotLeaveTheRepository() {
        assertTrue(HubNames.isRepoPath("mrpc/train/0000.parquet"));
        for (String bad : new String[] {
            "../../escape/0000.parquet", "/abs/x.parquet", "a/./b", "a//b", "a\\b", "a/b/", "con:txt", "tab\there"
        }) {
            assertFalse(HubNames.isRepoPath(bad), bad);
        }
    }

    @Test
    void revisionsAreBranchTagOrCommitNames() {
        assertTrue(HubNames.isRevision("main"));
        assertTrue(HubNames.isRevision("refs/convert/parquet"));
        assertTrue(HubNames.isRevision("0123456789abcdef0123456789abcdef01234567"));
        assertFalse(HubNames.isRevision("../main"));
        assertFalse(HubNames.isRevision("/main"));
        assertFalse(HubNames.isRevision("a b"));
    }

    @Test
    void theEnvironmentIsReadAsHuggingfaceHubReadsIt() {
        Path home = Path.of("/home/u");
        HubEnvironment defaults = HubEnvironment.from(Map.of(), home);
        assertEquals("https://huggingface.co", defaults.endpoint().toString());
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), defaults.cacheDirectory());
        assertFalse(defaults.offline());
        HubEnvironment set = HubEnvironment.from(
                Map.of(
                        "HF_ENDPOINT",
                        "http://mirror:8080/",
                        "HF_HOME",
                        "/hf",
                        "HF_HUB_OFFLINE",
                        "yes",
                        "HF_TOKEN",
                        "hf_abc"),
                home);
        assertEquals("http://mirror:8080", set.endpoint().toString());
        assertEquals(Path.of("/hf/hub"), set.cacheDirectory());
        assertTrue(set.offline());
        assertEquals(Optional.of("hf_abc"), set.token());
        assertFalse(set.toString().contains("hf_abc"), "the token never shows in toString");
        assertEquals(
                Path.of("/c"),
                HubEnvironment.from(Map.of("HF_HOME", "/hf", "HF_HUB_CACHE", "/c"), home)
                        .cacheDirectory());
    }

    /** huggingface_hub expands a leading ~ in HF_HOME, HF_HUB_CACHE and HF_TOKEN_PATH (os.path.expanduser). */
    @Test
    void aLeadingTildeIsTheHomeDirectoryNotAFolderInTheProject() {
        Path home = Path.of("/home/jo doe");
        assertEquals(
                Path.of("/home/jo doe/hf/hub"),
                HubEnvironment.from(Map.of("HF_HOME", "~/hf"), home).cacheDirectory());
        assertEquals(
                Path.of("/home/jo doe/cache"),
                HubEnvironment.from(Map.of("HF_HUB_CACHE", "~/cache"), home).cacheDirectory());
        assertEquals(
                Path.of("/home/jo doe/huggingface/hub"),
                HubEnvironment.from(Map.of("XDG_CACHE_HOME", "~"), home).cacheDirectory());
        assertEquals(Path.of("relative/~/hf"), HubEnvironment.path("relative/~/hf", home), "only a leading ~");
    }
}
