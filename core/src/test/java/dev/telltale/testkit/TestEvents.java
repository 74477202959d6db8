package dev.telltale.testkit;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.User;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.event.Mechanism;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.processing.EventProcessor;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds fully processed {@link Event}s the way the pipeline does, for encoder and destination tests. */
public final class TestEvents {
    private TestEvents() {}

    /** Settings from code values only (no system properties, environment or file). */
    public static Settings settings(Map<ConfigKey, String> values) {
        return new ConfigResolver(
                        values,
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap())
                .resolve(null, Collections.<String>emptyList());
    }

    public static Settings settings() {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.RELEASE, "shop@1.4.2");
        m.put(ConfigKey.ENVIRONMENT, "staging");
        m.put(ConfigKey.SERVER_NAME, "web-1");
        m.put(ConfigKey.IN_APP_PACKAGES, "com.example");
        return settings(m);
    }

    /** A rich event: exception with cause and suppressed, breadcrumbs, user, tags, request, journey. */
    public static Event rich() {
        IllegalStateException cause = new IllegalStateException("db down");
        RuntimeException top = new RuntimeException("Order 42 failed", cause);
        top.addSuppressed(new java.io.IOException("close failed"));
        Breadcrumb b1 = Breadcrumb.builder()
                .type("navigation")
                .category("request")
                .message("GET /cart")
                .level(Level.INFO)
                .build();
        Breadcrumb b2 = Breadcrumb.builder()
                .type("log")
                .category("com.example.Orders")
                .message("checkout started")
                .level(Level.WARNING)
                .data("order", "42")
                .build();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("tenant", "acme");
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        contexts.put("mdc", Collections.singletonMap("requestId", "r-1"));
        RequestInfo request = RequestInfo.builder()
                .method("POST")
                .url("http://shop.local/orders/42")
                .queryString("page=2&token=abc")
                .header("User-Agent", "curl/8")
                .header("Authorization", "Bearer secretsecret")
                .route("/orders/42")
                .build();
        ScopeSnapshot scope = new ScopeSnapshot(
                User.builder()
                        .id("u-7")
                        .username("ann")
                        .email("ann@example.com")
                        .build(),
                tags,
                Collections.singletonMap("cart", "3 items"),
                contexts,
                request,
                Collections.<String>emptyList(),
                null,
                System.currentTimeMillis() - 60_000,
                Collections.<dev.telltale.event.JourneyAction>emptyList(),
                new Breadcrumb[] {b1, b2},
                Collections.<Breadcrumb>emptyList());
        return process(new PendingEvent(
                "0123456789abcdef0123456789abcdef",
                System.currentTimeMillis(),
                Level.ERROR,
                new Mechanism("logback", true),
                top,
                "Order {} failed",
                "Order 42 failed",
                "com.example.Orders",
                "worker-1",
                Collections.singletonMap("region", "eu"),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                scope));
    }

    /** An event for one throwable, as the manual capture path would build it. */
    public static Event of(Throwable t) {
        return process(pending(t, Level.ERROR, Mechanism.MANUAL));
    }

    /** A message event without exception. */
    public static Event message(String message, Level level) {
        return process(new PendingEvent(
                "fedcba9876543210fedcba9876543210",
                System.currentTimeMillis(),
                level,
                Mechanism.MANUAL,
                null,
                message,
                message,
                "",
                "main",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY));
    }

    public static PendingEvent pending(Throwable t, Level level, Mechanism mechanism) {
        return new PendingEvent(
                "00112233445566778899aabbccddeeff",
                System.currentTimeMillis(),
                level,
                mechanism,
                t,
                "",
                "",
                "",
                "main",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY);
    }

    public static Event process(PendingEvent p) {
        return process(p, "com.example");
    }

    /** Processed with these in-app packages. */
    public static Event process(PendingEvent p, String inAppPackages) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.RELEASE, "shop@1.4.2");
        m.put(ConfigKey.ENVIRONMENT, "staging");
        m.put(ConfigKey.SERVER_NAME, "web-1");
        m.put(ConfigKey.IN_APP_PACKAGES, inAppPackages);
        Settings s = settings(m);
        Event e = new EventProcessor(s, s::serverName, new Diagnostics(false)).process(p, (x, r) -> {
            throw new AssertionError("dropped: " + r);
        });
        return e;
    }

    /** Every hostile exception as a processed event. */
    public static List<Event> hostile() {
        Event[] out =
                HostileExceptions.all().values().stream().map(TestEvents::of).toArray(Event[]::new);
        return Arrays.asList(out);
    }
}
