package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.testkit.TestEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The grouping rule ({@link Fingerprint}) against a corpus of pairs that must land in one issue
 * (the same bug across restarts, deploys, builds and ids) and pairs that must not (different bugs).
 * Sentry and Bugsink group by the fingerprint alone when an event has one, BugSnag by the
 * {@code groupingHash} made from it: equal fingerprints are one issue on all three.
 */
class GroupingCorpusTest {
    private static final class Case {
        final String name;
        final boolean together;
        final Supplier<Event> a;
        final Supplier<Event> b;

        Case(String name, boolean together, Supplier<Event> a, Supplier<Event> b) {
            this.name = name;
            this.together = together;
            this.a = a;
            this.b = b;
        }
    }

    static StackTraceElement f(String cls, String method, int line) {
        int dollar = cls.indexOf('$');
        String simple = cls.substring(cls.lastIndexOf('.') + 1, dollar < 0 ? cls.length() : dollar);
        return new StackTraceElement(cls, method, simple + ".java", line);
    }

    static <T extends Throwable> T at(T t, StackTraceElement... frames) {
        List<StackTraceElement> all = new ArrayList<>(Arrays.asList(frames));
        all.add(f("org.springframework.web.servlet.DispatcherServlet", "doDispatch", 1089));
        all.add(f("java.lang.Thread", "run", 1583));
        t.setStackTrace(all.toArray(new StackTraceElement[0]));
        return t;
    }

    static Event ex(Throwable t) {
        return TestEvents.process(TestEvents.pending(t, Level.ERROR, Mechanism.MANUAL), "com.shop");
    }

    static Event log(String logger, String template, String formatted) {
        return TestEvents.process(
                new PendingEvent(
                        "00112233445566778899aabbccddeeff",
                        System.currentTimeMillis(),
                        Level.ERROR,
                        new Mechanism("logback", true),
                        null,
                        template,
                        formatted,
                        logger,
                        "main",
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, Map<String, String>>emptyMap(),
                        Collections.<String>emptyList(),
                        ScopeSnapshot.EMPTY),
                "com.shop");
    }

    static Event ise(String message, StackTraceElement... frames) {
        return ex(at(new IllegalStateException(message), frames));
    }

    static List<Case> corpus() {
        StackTraceElement pay = f("com.shop.Checkout", "pay", 42);
        List<Case> c = new ArrayList<>();
        // ---- must group: the same bug
        c.add(new Case(
                "a deploy moved the throwing line",
                true,
                () -> ex(at(new NullPointerException(), f("com.shop.Checkout", "pay", 42))),
                () -> ex(at(new NullPointerException(), f("com.shop.Checkout", "pay", 57)))));
        c.add(new Case(
                "UUIDs in the message",
                true,
                () -> ise("Order 3fa85f64-5717-4562-b3fc-2c963f66afa6 not found", pay),
                () -> ise("Order 9b2d7e10-0c1a-4f6e-8d3b-77aa01c2e9f4 not found", pay)));
        c.add(new Case(
                "e-mail addresses in the message",
                true,
                () -> ise("No account for ann@example.com", pay),
                () -> ise("No account for bob.smith@shop.co.uk", pay)));
        c.add(new Case(
                "hex ids in the message",
                true,
                () -> ise("Session 5f2b9a0e1c7d not found (handle 0x7f3a9c)", pay),
                () -> ise("Session a81c33f09e2b not found (handle 0x1b)", pay)));
        c.add(new Case(
                "quoted values in the message",
                true,
                () -> ise("Unknown field 'color' in request", pay),
                () -> ise("Unknown field 'size' in request", pay)));
        c.add(new Case(
                "numbers and amounts in the message",
                true,
                () -> ise("Timeout after 5000 ms, 3 retries, EUR 12.50", pay),
                () -> ise("Timeout after 30000 ms, 1 retries, EUR 7", pay)));
        c.add(new Case(
                "timestamps, URLs and addresses in the message",
                true,
                () -> ise(
                        "GET https://api.pay.example/v1/charges?id=7 at 2026-11-23T10:00:01Z from 10.0.0.7 failed",
                        pay),
                () -> ise(
                        "GET https://api.pay.example/v1/charges?id=9 at 2026-12-04 17:00:00 from 192.168.1.20:8080 failed",
                        pay)));
        c.add(new Case(
                "lambda numbering differs between two builds",
                true,
                () -> ise(
                        "boom",
                        f("com.shop.Checkout", "lambda$pay$0", 44),
                        f("com.shop.Checkout$$Lambda$123/0x0000000800c4b040", "run", -1)),
                () -> ise(
                        "boom",
                        f("com.shop.Checkout", "lambda$pay$3", 44),
                        f("com.shop.Checkout$$Lambda/0x000001f2a0b1c8d0", "run", -1))));
        c.add(new Case(
                "a lambda class is the innermost in-app frame",
                true,
                () -> ise("boom", f("com.shop.Checkout$$Lambda$123/0x0000000800c4b040", "apply", -1)),
                () -> ise("boom", f("com.shop.Checkout$$Lambda$98/1554547125", "apply", -1))));
        c.add(new Case(
                "Spring CGLIB proxy hashes",
                true,
                () -> ise("boom", f("com.shop.PaymentService$$EnhancerBySpringCGLIB$$1a2b3c", "charge", -1)),
                () -> ise("boom", f("com.shop.PaymentService$$EnhancerBySpringCGLIB$$9f8e7d6c", "charge", -1))));
        c.add(new Case(
                "Spring 6 CGLIB numbering",
                true,
                () -> ise("boom", f("com.shop.PaymentService$$SpringCGLIB$$0", "charge", -1)),
                () -> ise("boom", f("com.shop.PaymentService$$SpringCGLIB$$2", "charge", -1))));
        c.add(new Case(
                "Hibernate proxies",
                true,
                () -> ise("boom", f("com.shop.Owner$HibernateProxy$Xy12AbC", "getName", -1)),
                () -> ise("boom", f("com.shop.Owner$HibernateProxy$Qw98", "getName", -1))));
        c.add(new Case(
                "ByteBuddy proxies",
                true,
                () -> ise("boom", f("com.shop.Repo$ByteBuddy$abc123", "find", -1)),
                () -> ise("boom", f("com.shop.Repo$ByteBuddy$zz9", "find", -1))));
        c.add(new Case(
                "dynamic proxies and reflection accessors, no in-app frame",
                true,
                () -> ex(at(new IllegalStateException("boom"), f("jdk.proxy2.$Proxy12", "charge", -1))),
                () -> ex(at(new IllegalStateException("boom"), f("jdk.proxy3.$Proxy45", "charge", -1)))));
        c.add(new Case(
                "reflection accessors numbered per run",
                true,
                () -> ex(at(
                        new IllegalStateException("boom"),
                        f("jdk.internal.reflect.GeneratedMethodAccessor123", "invoke", -1))),
                () -> ex(at(
                        new IllegalStateException("boom"),
                        f("jdk.internal.reflect.GeneratedMethodAccessor4567", "invoke", -1)))));
        c.add(new Case(
                "one failure wrapped by different wrappers",
                true,
                () -> ex(new ExecutionException(at(new IllegalStateException("card declined"), pay))),
                () -> ex(new CompletionException(at(new IllegalStateException("card declined"), pay)))));
        c.add(new Case(
                "log lines of one statement with different arguments",
                true,
                () -> log("com.shop.Orders", "Order {} failed for {}", "Order 42 failed for ann"),
                () -> log("com.shop.Orders", "Order {} failed for {}", "Order 7 failed for bob")));
        c.add(new Case(
                "a message with ids and no template",
                true,
                () -> log("com.shop.Orders", "", "Order 42 of user 7f3e2a11 failed"),
                () -> log("com.shop.Orders", "", "Order 43 of user 09bc11d4 failed")));
        // ---- must not group: different bugs
        c.add(new Case(
                "different exception types at the same place",
                false,
                () -> ex(at(new IllegalStateException("boom"), pay)),
                () -> ex(at(new IllegalArgumentException("boom"), pay))));
        c.add(new Case(
                "the same type from different methods",
                false,
                () -> ex(at(new NullPointerException(), pay)),
                () -> ex(at(new NullPointerException(), f("com.shop.Checkout", "refund", 42)))));
        c.add(new Case(
                "the same type and place, different words",
                false,
                () -> ise("Connection refused", pay),
                () -> ise("Connection reset", pay)));
        c.add(new Case(
                "lambdas of different methods",
                false,
                () -> ise("boom", f("com.shop.Checkout", "lambda$pay$0", 44)),
                () -> ise("boom", f("com.shop.Checkout", "lambda$refund$0", 44))));
        c.add(new Case(
                "proxies of different classes",
                false,
                () -> ise("boom", f("com.shop.PaymentService$$SpringCGLIB$$0", "charge", -1)),
                () -> ise("boom", f("com.shop.RefundService$$SpringCGLIB$$0", "charge", -1))));
        c.add(new Case(
                "different log statements",
                false,
                () -> log("com.shop.Orders", "Order {} failed", "Order 42 failed"),
                () -> log("com.shop.Orders", "Order {} cancelled", "Order 42 cancelled")));
        c.add(new Case(
                "one template in different loggers",
                false,
                () -> log("com.shop.Orders", "Request {} failed", "Request 1 failed"),
                () -> log("com.shop.Payments", "Request {} failed", "Request 1 failed")));
        c.add(new Case(
                "a wrapped failure and a different cause",
                false,
                () -> ex(new ExecutionException(at(new IllegalStateException("card declined"), pay))),
                () -> ex(new ExecutionException(at(new IllegalStateException("card expired"), pay)))));
        return c;
    }

    @Test
    void everyPairGroupsAsTheCorpusSays() {
        List<String> wrong = new ArrayList<>();
        int together = 0;
        int apart = 0;
        for (Case c : corpus()) {
            List<String> a = c.a.get().fingerprint();
            List<String> b = c.b.get().fingerprint();
            assertTrue(Fingerprint.isOwn(a) && Fingerprint.isOwn(b), c.name);
            if (a.equals(b) != c.together) {
                wrong.add((c.together ? "should group: " : "should not group: ") + c.name + "\n  " + a + "\n  " + b);
            } else if (c.together) {
                together++;
            } else {
                apart++;
            }
        }
        System.out.println("grouping corpus: " + together + " pairs grouped, " + apart + " kept apart, " + wrong.size()
                + " wrong");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aFingerprintFromTheCaptureOrTheScopeIsKept() {
        PendingEvent p = new PendingEvent(
                "00112233445566778899aabbccddeeff",
                System.currentTimeMillis(),
                Level.ERROR,
                Mechanism.MANUAL,
                new IllegalStateException("x"),
                "",
                "",
                "",
                "main",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Arrays.asList("checkout", "{{ default }}"),
                ScopeSnapshot.EMPTY);
        assertEquals(
                Arrays.asList("checkout", "{{ default }}"),
                TestEvents.process(p).fingerprint());
    }

    @Test
    void normalisesGeneratedNamesAndLeavesOthersAlone() {
        assertEquals("com.shop.A$$Lambda", GeneratedNames.className("com.shop.A$$Lambda$14/0x0000000800c4b040"));
        assertEquals("com.shop.A$$Lambda", GeneratedNames.className("com.shop.A$$Lambda/0x0000000800c4b040"));
        assertEquals("jdk.proxy.$Proxy", GeneratedNames.className("jdk.proxy2.$Proxy12"));
        assertEquals("com.sun.proxy.$Proxy", GeneratedNames.className("com.sun.proxy.$Proxy7"));
        assertEquals(
                "java.lang.invoke.LambdaForm$MH",
                GeneratedNames.className("java.lang.invoke.LambdaForm$MH/0x0000000800c10000"));
        assertEquals(
                "jdk.internal.reflect.GeneratedConstructorAccessor",
                GeneratedNames.className("jdk.internal.reflect.GeneratedConstructorAccessor3"));
        assertEquals("com.shop.Owner$Inner", GeneratedNames.className("com.shop.Owner$Inner"));
        assertEquals(
                "com.shop.Owner$1",
                GeneratedNames.className("com.shop.Owner$1"),
                "anonymous classes are written by javac, stable");
        assertEquals("lambda$main", GeneratedNames.methodName("lambda$main$0"));
        assertEquals("lambda$static", GeneratedNames.methodName("lambda$static$12"));
        assertEquals("run", GeneratedNames.methodName("run"));
    }
}
