package dev.telltale.destination.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.destination.ResponseClassifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The X-Sentry-Rate-Limits grammar: {@code retry_after:categories:scope:reason_code:namespaces}, comma-separated. */
class SentryRateLimitsTest {
    @Test
    void readsEveryPartOfEachEntry() {
        List<SentryRateLimits.Limit> l = SentryRateLimits.parse(
                "60:error;default;security:organization:quota_exceeded, 2700:transaction:project, 10::key, 5:metric_bucket:organization:over:custom");
        assertEquals(4, l.size());
        assertEquals(60_000L, l.get(0).millis);
        assertEquals(new LinkedHashSet<>(Arrays.asList("error", "default", "security")), l.get(0).categories);
        assertEquals("organization", l.get(0).scope);
        assertEquals("quota_exceeded", l.get(0).reasonCode);
        assertEquals(Collections.singleton("transaction"), l.get(1).categories);
        assertTrue(l.get(2).categories.isEmpty(), "empty categories mean all");
        assertTrue(l.get(2).applies("error") && l.get(2).applies("default"));
        assertFalse(l.get(1).applies("error"));
        assertEquals("over", l.get(3).reasonCode);
    }

    @Test
    void toleratesOddSpacingCaseAndFractions() {
        List<SentryRateLimits.Limit> l = SentryRateLimits.parse(" 1.5 : ERROR ; Default : key ,, ");
        assertEquals(1, l.size());
        assertEquals(1_500L, l.get(0).millis);
        assertEquals(new LinkedHashSet<>(Arrays.asList("error", "default")), l.get(0).categories);
        assertEquals("key", l.get(0).scope);
    }

    @Test
    void anUnreadableOrNegativeWaitIsTheDefaultMinute() {
        assertEquals(
                ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS,
                SentryRateLimits.parse("x:error").get(0).millis);
        assertEquals(
                ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS,
                SentryRateLimits.parse("-5:error").get(0).millis);
        assertEquals(
                ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS,
                SentryRateLimits.parse(":error").get(0).millis);
        assertTrue(SentryRateLimits.parse(null).isEmpty());
        assertTrue(SentryRateLimits.parse("").isEmpty());
    }

    @Test
    void serverWordsAreCleanedBeforeTheyReachADiagnostic() {
        SentryRateLimits.Limit l =
                SentryRateLimits.parse("1:error:org\u001b[31m:quota\nexceeded").get(0);
        assertEquals("org31m", l.scope);
        assertEquals("quotaexceeded", l.reasonCode);
    }
}
