package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.User;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.Settings;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Mechanism;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.testkit.TestEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scope enrichment: what the sender thread builds from a captured snapshot and the settings. */
class EventFactoryTest {
    private static Settings settings(int maxBreadcrumbs) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.RELEASE, "shop@1.0");
        m.put(ConfigKey.ENVIRONMENT, "staging");
        m.put(ConfigKey.TAGS, "region=eu,tier=settings");
        m.put(ConfigKey.MAX_BREADCRUMBS, Integer.toString(maxBreadcrumbs));
        return TestEvents.settings(m);
    }

    private static ScopeSnapshot scope(
            Level level, Breadcrumb[] ring, List<Breadcrumb> eventCrumbs, List<JourneyAction> prior) {
        return new ScopeSnapshot(
                User.ofId("u1"),
                Map.of("tier", "scope", "s", "1"),
                Map.of("x", "scope"),
                Map.of("ctx", Map.of("k", "scope")),
                RequestInfo.builder().method("GET").url("http://h/").build(),
                List.of("scope-fp"),
                level,
                77L,
                prior,
                ring,
                eventCrumbs);
    }

    private static PendingEvent pending(Level level, List<String> fingerprint, ScopeSnapshot s) {
        return new PendingEvent(
                "0123456789abcdef0123456789abcdef",
                1234L,
                level,
                Mechanism.MANUAL,
                new IllegalStateException("boom"),
                "tpl {}",
                "tpl 1",
                "com.shop.L",
                "worker-1",
                Map.of("tier", "capture"),
                Map.of("y", "capture"),
                Collections.emptyMap(),
                fingerprint,
                s);
    }

    private static List<String> messages(List<Breadcrumb> crumbs) {
        List<String> out = new ArrayList<>();
        for (Breadcrumb b : crumbs) {
            out.add(b.message());
        }
        return out;
    }

    @Test
    void enrichesWithScopeAndSettingsCaptureValuesWinning() {
        Event e = new EventFactory(settings(100), () -> "host-1")
                .create(pending(
                        Level.ERROR, Collections.emptyList(), scope(null, new Breadcrumb[0], List.of(), List.of())));
        assertEquals(Map.of("region", "eu", "tier", "capture", "s", "1"), e.tags());
        assertEquals(Map.of("x", "scope", "y", "capture"), e.extra());
        assertEquals(Map.of("k", "scope"), e.contexts().get("ctx"));
        assertEquals("u1", e.user().id());
        assertEquals("GET", e.request().method());
        assertEquals("shop@1.0", e.release());
        assertEquals("staging", e.environment());
        assertEquals("host-1", e.serverName());
        assertEquals(List.of("scope-fp"), e.fingerprint());
        assertEquals("tpl 1", e.message());
        assertEquals("tpl {}", e.messageTemplate());
        assertEquals("worker-1", e.threadName());
        assertEquals(1234L, e.timestamp());
        assertEquals("java.lang.IllegalStateException", e.primaryException().type());
    }

    @Test
    void captureFingerprintWinsOverTheScopes() {
        Event e = new EventFactory(settings(100), () -> "")
                .create(pending(Level.ERROR, List.of("mine"), scope(null, new Breadcrumb[0], List.of(), List.of())));
        assertEquals(List.of("mine"), e.fingerprint());
    }

    @Test
    void scopeLevelOverridesExceptForFatal() {
        EventFactory f = new EventFactory(settings(100), () -> "");
        assertEquals(
                Level.WARNING,
                f.create(pending(Level.ERROR, List.of(), scope(Level.WARNING, new Breadcrumb[0], List.of(), List.of())))
                        .level());
        assertEquals(
                Level.FATAL,
                f.create(pending(Level.FATAL, List.of(), scope(Level.DEBUG, new Breadcrumb[0], List.of(), List.of())))
                        .level());
    }

    @Test
    void breadcrumbsAreOrderedThenEventCrumbsAppendedWithinTheBound() {
        Breadcrumb a = Breadcrumb.of("a");
        Breadcrumb b = Breadcrumb.of("b");
        Breadcrumb c = Breadcrumb.of("c");
        Breadcrumb ev = Breadcrumb.of("event");
        Event e = new EventFactory(settings(3), () -> "")
                .create(pending(
                        Level.ERROR, List.of(), scope(null, new Breadcrumb[] {c, null, a, b}, List.of(ev), List.of())));
        assertEquals(List.of("b", "c", "event"), messages(e.breadcrumbs()));
    }

    @Test
    void journeyIsPriorActionsThenBreadcrumbsNewestFifty() {
        List<JourneyAction> prior = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prior.add(new JourneyAction("p" + i, "http", "GET /" + i, i));
        }
        Breadcrumb[] ring = new Breadcrumb[60];
        for (int i = 0; i < 60; i++) {
            ring[i] = Breadcrumb.builder().category("ui").message("click " + i).build();
        }
        Event e = new EventFactory(settings(100), () -> "")
                .create(pending(Level.ERROR, List.of(), scope(null, ring, List.of(), prior)));
        List<JourneyAction> actions = e.journey().recentActions();
        assertEquals(EventFactory.MAX_JOURNEY_ACTIONS, actions.size());
        assertEquals("click 59", actions.get(actions.size() - 1).summary());
        assertEquals("ui", actions.get(0).source());
        assertEquals(77L, e.journey().sessionStartedAt());
        assertTrue(actions.get(0).id().startsWith("bc-"));
    }

    @Test
    void journeyKeepsPriorActionsFirst() {
        List<JourneyAction> prior = List.of(new JourneyAction("p0", "http", "GET /cart", 1L));
        Breadcrumb crumb = Breadcrumb.builder().type("navigation").build();
        Event e = new EventFactory(settings(100), () -> "")
                .create(pending(Level.ERROR, List.of(), scope(null, new Breadcrumb[] {crumb}, List.of(), prior)));
        assertEquals("p0", e.journey().recentActions().get(0).id());
        assertEquals("navigation", e.journey().recentActions().get(1).source(), "source falls back to the type");
        assertEquals("navigation", e.journey().recentActions().get(1).summary(), "summary falls back to the type");
    }

    @Test
    void hugeScopeValuesAreBoundedAndCleaned() {
        ScopeSnapshot s = new ScopeSnapshot(
                User.NONE,
                Map.of("k\uD800", "v".repeat(10_000)),
                Map.of("big", "x".repeat(100_000)),
                Collections.emptyMap(),
                RequestInfo.NONE,
                List.of(),
                null,
                0L,
                List.of(),
                new Breadcrumb[0],
                List.of());
        Event e = new EventFactory(settings(100), () -> "").create(pending(Level.ERROR, List.of(), s));
        assertEquals(200, e.tags().get("k\uFFFD").length());
        assertEquals(16_384, e.extra().get("big").length());
    }
}
