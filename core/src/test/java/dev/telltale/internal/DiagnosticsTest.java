package dev.telltale.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.Lines;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    @Test
    void warnAlwaysPrintsOnePrefixedLine() {
        Lines out = new Lines();
        new Diagnostics(false, out.stream()).warn("something");
        assertEquals(List.of("telltale: something"), out.all());
    }

    @Test
    void debugPrintsOnlyWhenEnabled() {
        Lines quiet = new Lines();
        new Diagnostics(false, quiet.stream()).debug("hidden");
        assertTrue(quiet.all().isEmpty());
        Lines loud = new Lines();
        Diagnostics d = new Diagnostics(true, loud.stream());
        d.debug("shown");
        assertTrue(d.isDebug());
        assertEquals(List.of("telltale: shown"), loud.all());
    }

    @Test
    void warnOncePrintsOncePerKey() {
        Lines out = new Lines();
        Diagnostics d = new Diagnostics(false, out.stream());
        d.warnOnce("a", "first a");
        d.warnOnce("a", "second a");
        d.warnOnce("b", "first b");
        assertEquals(List.of("telltale: first a", "telltale: first b"), out.all());
    }

    @Test
    void aFailingStreamDoesNotThrow() {
        PrintStream broken =
                new PrintStream(new OutputStream() {
                    @Override
                    public void write(int b) {
                        throw new IllegalStateException("stderr is gone");
                    }
                }) {
                    @Override
                    public void println(String x) {
                        throw new IllegalStateException("stderr is gone");
                    }
                };
        assertDoesNotThrow(() -> new Diagnostics(true, broken).warn("x"));
    }

    @Test
    void printingMarksTheThreadAsTelltalesOwn() {
        AtomicBoolean markedWhilePrinting = new AtomicBoolean();
        PrintStream spy = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String x) {
                // An application that routes stderr into its logger (and so back to Telltale) lands here.
                markedWhilePrinting.set(Reentrancy.active());
            }
        };
        new Diagnostics(false, spy).warn("x");
        assertTrue(markedWhilePrinting.get());
        assertFalse(Reentrancy.active(), "the mark is removed afterwards");
    }

    @Test
    void reentrancyNestsAndNeverGoesNegative() {
        assertFalse(Reentrancy.active());
        Reentrancy.enter();
        Reentrancy.enter();
        Reentrancy.exit();
        assertTrue(Reentrancy.active());
        Reentrancy.exit();
        Reentrancy.exit();
        assertFalse(Reentrancy.active());
    }
}
