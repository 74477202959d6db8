package dev.telltale.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.User;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Payload;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Mechanism;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.processing.EventProcessor;
import dev.telltale.processing.SizeLimiter;
import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every encoder fed generated throwables (chains, cycles, suppressed, hostile overrides, odd frames),
 * messages, tags, breadcrumbs, users and requests, through the real processing steps: nothing
 * throws, every JSON payload parses (each line of a Sentry envelope), and a secret put where the
 * scrubber promises to remove it (sensitive keys, auth headers, URL user parts, {@code password=},
 * {@code Bearer}) is in no payload.
 */
class EncoderFuzzTest {
    static final String SECRET = "Sx9Vb2Nm7Qw4Er";
    private static final String[] TEXT_WITH_SECRET = {
        "password=" + SECRET, "Bearer " + SECRET, "https://ann:" + SECRET + "@db.example/x",
                "https://" + SECRET + "@h.example/",
        "Authorization: Token " + SECRET, "Cookie: sessionid=" + SECRET, "api_key: " + SECRET,
                "{\"token\": \"" + SECRET + "\"}",
        "?X-Amz-Signature=" + SECRET + "&a=1", "jwt=" + SECRET,
    };
    private static final String[] SENSITIVE_KEYS = {
        "password", "api_key", "X-Auth-Token", "session_token", "jwt", "secret", "sig", "credentials", "Cookie"
    };
    private static final Level[] LEVELS = Level.values();

    private final Settings settings = TestEvents.settings();
    private final EventProcessor processor = new EventProcessor(settings, settings::serverName, new Diagnostics(false));
    private final List<Destination> destinations = new ArrayList<>();

    EncoderFuzzTest() throws Exception {
        DestinationRegistry registry = new DestinationRegistry();
        Diagnostics quiet = new Diagnostics(false);
        for (String uri : Arrays.asList(
                "http://pub0123456789@127.0.0.1:9/1",
                "bugsnag+http://0123456789abcdef0123456789abcdef@127.0.0.1:9",
                "bugnet+http://bugnetkey0123@127.0.0.1:9",
                "bugreport+http://reporttoken01@127.0.0.1:9/base",
                "file:" + java.nio.file.Files.createTempDirectory("telltale-fuzz"),
                "console:")) {
            Destination d = registry.create(uri, settings, quiet);
            assertTrue(d != null, uri);
            destinations.add(d);
        }
    }

    private static String text(FuzzInput in, List<String> planted) {
        String s = in.maybeHuge(60);
        if (in.nextInt(3) == 0) {
            String t = in.pick(TEXT_WITH_SECRET);
            planted.add(t);
            s = s + " " + t + " " + in.string(10);
        }
        return s;
    }

    private static Throwable throwable(FuzzInput in, List<String> planted, int depth) {
        if (in.nextInt(12) == 0) {
            List<Throwable> hostile = new ArrayList<>(HostileExceptions.all().values());
            return hostile.get(in.nextInt(hostile.size()));
        }
        Throwable cause = depth < 4 && in.bool() ? throwable(in, planted, depth + 1) : null;
        String message = in.nextInt(6) == 0 ? null : text(in, planted);
        Throwable t;
        switch (in.nextInt(4)) {
            case 0:
                t = new IllegalStateException(message, cause);
                break;
            case 1:
                t = new java.io.IOException(message, cause);
                break;
            case 2:
                t = new Error(message, cause);
                break;
            default:
                t = new RuntimeException(message, cause) {};
        }
        int frames = in.nextInt(6) == 0 ? in.nextInt(3000) : in.nextInt(20);
        StackTraceElement[] st = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            st[i] = new StackTraceElement(
                    in.bool() ? "com.example." + in.string(12) : in.string(20),
                    in.string(12),
                    in.nextInt(4) == 0 ? null : in.string(12) + ".java",
                    in.nextInt(5) - 2);
        }
        t.setStackTrace(st);
        if (in.nextInt(5) == 0) {
            t.addSuppressed(new IllegalArgumentException(text(in, planted)));
        }
        if (cause != null && in.nextInt(10) == 0) {
            try {
                cause.initCause(t); // a cycle
            } catch (IllegalStateException | IllegalArgumentException ignored) {
                // the cause already has one
            }
        }
        return t;
    }

    private static Map<String, String> map(FuzzInput in, List<String> planted, int max) {
        Map<String, String> m = new LinkedHashMap<>();
        int n = in.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            if (in.nextInt(4) == 0) {
                m.put(in.pick(SENSITIVE_KEYS), SECRET);
                planted.add(SECRET);
            } else {
                m.put(in.string(16), text(in, planted));
            }
        }
        return m;
    }

    /** Builds one event from the input; {@code planted} collects what must not be in any payload. */
    PendingEvent pending(FuzzInput in, List<String> planted) {
        Throwable t = in.nextInt(5) == 0 ? null : throwable(in, planted, 0);
        String message = text(in, planted);
        List<Breadcrumb> crumbs = new ArrayList<>();
        int nc = in.nextInt(12);
        for (int i = 0; i < nc; i++) {
            Breadcrumb.Builder b = Breadcrumb.builder()
                    .type(in.string(10))
                    .category(in.string(12))
                    .level(in.pick(LEVELS));
            if (in.bool()) {
                b.messageTemplate(in.string(20) + " {} " + in.string(5), text(in, planted), in.nextInt(100));
            } else {
                b.message(text(in, planted));
            }
            b.data(map(in, planted, 3));
            crumbs.add(b.build());
        }
        User.Builder ub =
                User.builder().id(in.string(20)).username(in.string(12)).email(in.string(20));
        for (Map.Entry<String, String> e : map(in, planted, 3).entrySet()) {
            ub.data(e.getKey(), e.getValue());
        }
        RequestInfo.Builder rb = RequestInfo.builder()
                .method(in.string(6))
                .url(
                        in.bool()
                                ? "https://ann:" + SECRET + "@shop.example/" + in.string(20)
                                : "https://shop.example/" + in.string(30))
                .queryString(in.string(20) + "&token=" + SECRET)
                .header("Authorization", "Bearer " + SECRET)
                .header("Cookie", "sid=" + SECRET)
                .header(in.string(10), in.string(20))
                .clientAddress("203.0.113.9")
                .userPrincipal(in.string(8));
        planted.add(SECRET);
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        contexts.put(in.string(8), map(in, planted, 3));
        List<JourneyAction> actions = new ArrayList<>();
        int na = in.nextInt(4);
        for (int i = 0; i < na; i++) {
            actions.add(new JourneyAction("a" + i, in.string(6), text(in, planted), i));
        }
        ScopeSnapshot scope = new ScopeSnapshot(
                ub.build(),
                map(in, planted, 4),
                map(in, planted, 4),
                contexts,
                rb.build(),
                in.bool() ? Collections.<String>emptyList() : Arrays.asList(in.string(10), "{{ default }}"),
                in.bool() ? null : in.pick(LEVELS),
                System.currentTimeMillis() - in.nextInt(100_000),
                actions,
                crumbs.toArray(new Breadcrumb[0]),
                Collections.<Breadcrumb>emptyList());
        return new PendingEvent(
                TestEvents.pending(null, Level.ERROR, Mechanism.MANUAL).eventId,
                System.currentTimeMillis(),
                in.pick(LEVELS),
                in.bool() ? Mechanism.MANUAL : new Mechanism(in.string(10), in.bool()),
                t,
                message,
                message,
                in.string(30),
                in.string(20),
                map(in, planted, 3),
                map(in, planted, 3),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                scope);
    }

    /** The property for one input; returns the number of payloads checked. */
    int check(byte[] data) {
        List<String> planted = new ArrayList<>();
        Event event;
        try {
            event = processor.process(pending(new FuzzInput(data), planted), (p, r) -> {});
        } catch (Throwable t) {
            fail("processing threw " + t, t);
            return 0;
        }
        assertTrue(event != null, "no beforeSend here: every event is built");
        int payloads = 0;
        for (Destination d : destinations) {
            for (int step = 0; step <= SizeLimiter.STEPS; step++) {
                Payload p;
                try {
                    p = d.encode(step == 0 ? event : SizeLimiter.shrink(event, step));
                } catch (Throwable t) {
                    fail(d.name() + " threw " + t, t);
                    return payloads;
                }
                if (p == null) {
                    break;
                }
                payloads++;
                String body = new String(p.body(), StandardCharsets.UTF_8);
                assertFalse(body.contains(SECRET), d.name() + " carries a secret: " + abbreviate(body, SECRET));
                if (p.contentType().contains("json") || p.contentType().contains("envelope")) {
                    for (String line : p.contentType().contains("envelope") ? body.split("\n") : new String[] {body}) {
                        try {
                            JsonTree.parse(line.getBytes(StandardCharsets.UTF_8));
                        } catch (Exception e) {
                            fail(d.name() + " wrote invalid JSON (" + e.getMessage() + "): " + abbreviate(line, ""));
                        }
                    }
                }
                if (p.size() <= d.maxPayloadBytes()) {
                    break;
                }
            }
        }
        return payloads;
    }

    private static String abbreviate(String s, String around) {
        int i = around.isEmpty() ? 0 : Math.max(0, s.indexOf(around) - 200);
        return s.substring(i, Math.min(s.length(), i + 400));
    }

    @FuzzTest(maxDuration = "60s")
    void encoders(byte[] data) {
        check(data);
    }

    /** CI's bounded run: seeded random inputs through the same target (more with -Dtelltale.fuzz.runs). */
    @Test
    void generatedEventsEncodeToValidJsonWithoutSecrets() {
        Random r = new Random(18_03);
        int runs = Integer.getInteger("telltale.fuzz.runs", 3000) / 5;
        int payloads = 0;
        for (int i = 0; i < runs; i++) {
            byte[] b = new byte[r.nextInt(2048)];
            r.nextBytes(b);
            payloads += check(b);
        }
        assertTrue(payloads >= runs * destinations.size(), payloads + " payloads");
        System.out.println("encoders: " + runs + " generated events, " + payloads + " payloads checked");
    }

    @Test
    void everyHostileThrowableEncodes() {
        int n = 0;
        for (Throwable t : HostileExceptions.all().values()) {
            for (Destination d : destinations) {
                try {
                    Payload p = d.encode(TestEvents.of(t));
                    n++;
                    assertTrue(p.size() > 0);
                } catch (Throwable e) {
                    fail(d.name() + " threw " + e, e);
                }
            }
        }
        assertEquals(HostileExceptions.all().size() * destinations.size(), n);
    }
}
