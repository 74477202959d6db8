package dev.telltale.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What integrations may use instead of {@code dev.telltale.internal}. */
class IntegrationEntryPointTest {
    @TempDir
    Path dir;

    private TelltaleClient start() {
        return TelltaleClient.start(TelltaleOptions.builder()
                .destinations("file:" + dir.resolve("events"))
                .outboxDir(dir.resolve("outbox").toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .externalConfig(false)
                .build());
    }

    @Test
    void countDroppedCountsOneReentrantDropAndCapturesNothing() {
        try (TelltaleClient client = start()) {
            Reentrancy.countDropped(client);
            Reentrancy.countDropped(client);
            assertEquals(2, client.stats().dropped(DropReason.REENTRANT));
            assertEquals(0, client.stats().captured(), "a refused line is not a capture");
        }
    }

    @Test
    void countDroppedOnAClosedClientCountsNothingAndNeverThrows() {
        TelltaleClient client = start();
        client.close();
        Reentrancy.countDropped(client);
        Reentrancy.countDropped(null);
        assertEquals(0, client.stats().dropped(DropReason.REENTRANT));
    }

    @Test
    void aDiagnosticLineMarksTheThreadWhileItPrints() {
        AtomicBoolean markedWhilePrinting = new AtomicBoolean();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true) {
            @Override
            public void println(String x) {
                markedWhilePrinting.set(Reentrancy.active());
                super.println(x);
            }
        };
        assertFalse(Reentrancy.active());
        new Diagnostics(false, out).warn("servlet filter not registered");
        assertTrue(markedWhilePrinting.get(), "a logger fed from stderr would see Telltale's mark");
        assertFalse(Reentrancy.active(), "and the mark is gone afterwards");
        assertEquals(
                "telltale: servlet filter not registered\n", new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void coresDiagnosticsIsTheSameTypeSoEitherCanBeHandedToAnIntegration() {
        Diagnostics d = new dev.telltale.internal.Diagnostics(true);
        assertTrue(d.isDebug());
    }

    @Test
    void stringsAndTemplatesAnswerAsCoreDoes() {
        assertEquals("", Strings.orEmpty(null));
        assertEquals("abcd\u2026", Strings.clean("abcdefgh", 5));
        assertEquals("\uFFFDx", Strings.clean("\uD800x", 10), "a lone surrogate is replaced");
        assertTrue(MessageTemplate.isPlain(null) && MessageTemplate.isPlain("s") && MessageTemplate.isPlain(42L));
        assertFalse(MessageTemplate.isPlain(new Object()), "an object's toString is left to the logger");
    }
}
