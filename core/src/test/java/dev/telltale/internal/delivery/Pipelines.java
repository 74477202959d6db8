package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.testkit.Forked;
import dev.telltale.testkit.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared helpers for the pipeline tests: clients on a loopback WireMock, bounded waits, forked JVMs. */
final class Pipelines {
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]*)\"");

    private Pipelines() {}

    static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(20))
                .build();
    }

    static String uri(WireMockExtension server, String path) {
        return "testhttp://127.0.0.1:" + server.getPort() + path;
    }

    static StubMapping answer(WireMockExtension server, String path, ResponseDefinitionBuilder response) {
        return server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    /**
     * Options for a test client: no external config, no JVM-wide hooks, short timeouts and backoff,
     * one request in flight per destination: these tests check capture order and count hanging
     * requests, which {@code max-in-flight=1} promises ({@link #concurrentOptions} for the default).
     */
    static TelltaleOptions.Builder options(Path outbox, String... uris) {
        return TelltaleOptions.builder()
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .destinations(String.join(",", uris))
                .outboxDir(outbox.toString())
                .set("max-in-flight", "1")
                .set("retry-initial-backoff-ms", "20")
                .set("retry-max-backoff-ms", "200")
                .set("connect-timeout-ms", "1000")
                .set("read-timeout-ms", "5000")
                .set("shutdown-timeout-ms", "1000")
                // These tests measure delivery mechanics with bursts of one message group; the storm
                // policy (StormPolicyTest) would drop most of them once losses begin.
                .set("storm-per-group", "0")
                .serverName("test-host");
    }

    /** As {@link #options}, with the default four requests in flight per destination. */
    static TelltaleOptions.Builder concurrentOptions(Path outbox, String... uris) {
        return options(outbox, uris).set("max-in-flight", "4");
    }

    static TelltaleClient client(Path outbox, String... uris) {
        return TelltaleClient.start(options(outbox, uris).build());
    }

    static TelltaleStats.DestinationStats stats(TelltaleClient c) {
        return c.stats().destinations().get(0);
    }

    static void await(long millis, BooleanSupplier condition, Supplier<String> what) {
        if (!Poll.until(millis, condition)) {
            throw new AssertionError("not within " + millis * Poll.SCALE + " ms: " + what.get());
        }
    }

    /** Requests the given stub answered, oldest first. */
    static List<ServeEvent> served(WireMockExtension server, StubMapping stub) {
        List<ServeEvent> out = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            if (stub == null
                    || (e.getStubMapping() != null
                            && stub.getId().equals(e.getStubMapping().getId()))) {
                out.add(e);
            }
        }
        // WireMock lists newest first, and logs in milliseconds: reversed first, the stable sort keeps
        // requests of the same millisecond in arrival order.
        java.util.Collections.reverse(out);
        out.sort(Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()));
        return out;
    }

    /** The messages of the requests the given stub answered, oldest first. */
    /**
     * Every event, in order, with at most one extra copy per retried request: on a loaded machine a
     * healthy server can answer after a short read timeout, and the resend of what it had already
     * received is the at-least-once promise, not a loss or a reordering.
     */
    static void assertDeliveredInOrder(List<String> expected, List<String> got, long retried) {
        org.junit.jupiter.api.Assertions.assertEquals(
                expected, new ArrayList<>(new java.util.LinkedHashSet<>(got)), "every event, in order: " + got);
        org.junit.jupiter.api.Assertions.assertTrue(
                got.size() - expected.size() <= retried, "copies only from retried requests (" + retried + "): " + got);
    }

    static List<String> delivered(WireMockExtension server, StubMapping stub) {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : served(server, stub)) {
            out.add(field(MESSAGE, e.getRequest().getBodyAsString()));
        }
        return out;
    }

    static List<String> deliveredIds(WireMockExtension server, StubMapping stub) {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : served(server, stub)) {
            out.add(field(ID, e.getRequest().getBodyAsString()));
        }
        return out;
    }

    private static String field(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : "?" + body;
    }

    static List<String> messages(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("%s-%04d", prefix, i));
        }
        return out;
    }

    /** A JVM running a main class of the test classpath: the kit's {@link Forked} with a 128 MiB heap. */
    static final class Child extends Forked {
        Child(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
            super(main, withHeap(jvmArgs), args);
        }

        private static List<String> withHeap(List<String> jvmArgs) {
            List<String> all = new ArrayList<>(jvmArgs);
            all.add(0, "-Xmx128m");
            return all;
        }
    }
}
