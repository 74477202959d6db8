package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap gates on the capture path: ignore rules and sampling. */
class GatesTest {
    @Test
    void ignoresTheConfiguredClass() {
        IgnoreRule rule = new IgnoreRule(List.of("java.io.IOException"));
        assertTrue(rule.ignores(new IOException()));
    }

    @Test
    void ignoresSubclassesOfTheConfiguredClass() {
        IgnoreRule rule = new IgnoreRule(List.of("java.io.IOException"));
        assertTrue(rule.ignores(new FileNotFoundException()));
        assertTrue(rule.ignores(new IOException() {}), "anonymous subclass");
    }

    @Test
    void keepsSuperclassesAndUnrelatedClasses() {
        IgnoreRule rule = new IgnoreRule(List.of("java.io.FileNotFoundException"));
        assertFalse(rule.ignores(new IOException()));
        assertFalse(rule.ignores(new UncheckedIOException(new FileNotFoundException())), "only the thrown type counts");
        assertFalse(rule.ignores(new IllegalStateException()));
    }

    @Test
    void noRulesOrNoThrowableIgnoresNothing() {
        assertFalse(new IgnoreRule(Collections.emptyList()).ignores(new RuntimeException()));
        assertFalse(new IgnoreRule(List.of("java.lang.RuntimeException")).ignores(null));
    }

    @Test
    void sampleRateZeroKeepsNothing() {
        Sampler s = new Sampler(0.0);
        for (int i = 0; i < 1_000; i++) {
            assertFalse(s.keep());
        }
    }

    @Test
    void sampleRateOneKeepsEverything() {
        Sampler s = new Sampler(1.0);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(s.keep());
        }
    }

    @Test
    void fractionalSampleRateKeepsAboutThatFraction() {
        Sampler s = new Sampler(0.25);
        int kept = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (s.keep()) {
                kept++;
            }
        }
        // 0.25 ± 0.02 is more than 9 standard deviations: a correct sampler does not fail this.
        double f = kept / (double) n;
        assertTrue(f > 0.23 && f < 0.27, "kept fraction " + f);
    }
}
