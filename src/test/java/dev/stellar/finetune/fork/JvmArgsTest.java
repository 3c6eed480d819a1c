package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stellar.finetune.config.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jvmArgs with paths that hold spaces or backslashes reach the worker as the options the user meant. */
class JvmArgsTest {

    @Test
    void whiteSpaceSeparatesOptions() {
        assertEquals(List.of("-Xmx8g", "-Dx=1"), JvmArgs.split("  -Xmx8g \n\t -Dx=1 "));
        assertEquals(List.of(), JvmArgs.split(null));
        assertEquals(List.of(), JvmArgs.split("   "));
    }

    @Test
    void quotesKeepAWindowsPathWithSpacesAndBackslashesInOneOption() {
        assertEquals(
                List.of("-Xmx8g", "-Djava.io.tmpdir=C:\\Users\\Jo Doe\\tmp", "-XX:HeapDumpPath=/data/my dumps/"),
                JvmArgs.split("-Xmx8g \"-Djava.io.tmpdir=C:\\Users\\Jo Doe\\tmp\" -XX:HeapDumpPath='/data/my dumps/'"));
    }

    @Test
    void quotesInsideAnOptionAndEmptyQuotesWork() {
        assertEquals(List.of("-Dname=it's", "-Dempty="), JvmArgs.split("-Dname=\"it's\" -Dempty=''"));
    }

    @Test
    void anUnclosedQuoteNamesTheParameter() {
        var e = assertThrows(ConfigurationException.class, () -> JvmArgs.split("-Dx=\"a b"));
        assertEquals("jvmArgs", e.parameter());
        assertEquals(
                "Invalid jvmArgs = -Dx=\"a b: a \" quote is not closed. Fix: close it, or leave quotes out of options"
                        + " without spaces",
                e.getMessage());
    }
}
