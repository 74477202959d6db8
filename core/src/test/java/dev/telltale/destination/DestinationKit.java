package dev.telltale.destination;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.internal.delivery.HttpTransport;
import dev.telltale.processing.SizeLimiter;
import dev.telltale.testkit.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility kit every HTTP destination's tests extend: the same behaviours, checked against
 * a real HTTP server, for every backend. A subclass says how to build its destination against a
 * base URL, which path it posts events to, what its secret is, and what a well-formed body is.
 */
public abstract class DestinationKit {
    @RegisterExtension
    protected static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    protected final HttpTransport transport = new HttpTransport(2_000, 30_000, null);

    /** The destination under test, pointed at {@code baseUrl} ({@code http://127.0.0.1:PORT}). */
    protected abstract Destination create(String baseUrl);

    /** The URL path events are POSTed to. */
    protected abstract String eventPath();

    /** The credential in the destination URI: it must never appear in the name or in a payload. */
    protected abstract String secret();

    /** Parses the body as the backend would and checks the event made it through. */
    protected abstract void assertWellFormed(Payload payload, Event event) throws IOException;

    protected final Destination destination() {
        return create(server.baseUrl());
    }

    /** Encodes as the pipeline does: shrinking step by step until the payload fits. */
    protected final Payload encodeToFit(Destination d, Event e) throws IOException {
        Payload p = d.encode(e);
        for (int step = 1; p.size() > d.maxPayloadBytes() && step <= SizeLimiter.STEPS; step++) {
            p = d.encode(SizeLimiter.shrink(e, step));
        }
        return p;
    }

    @Test
    void encodesARichEventWellFormed() throws IOException {
        Destination d = destination();
        Event e = TestEvents.rich();
        assertWellFormed(d.encode(e), e);
    }

    @Test
    void encodesAMessageEventWellFormed() throws IOException {
        Destination d = destination();
        Event e = TestEvents.message("cache warmed in 42 ms", Level.INFO);
        assertWellFormed(d.encode(e), e);
    }

    @Test
    void encodesEveryHostileExceptionWithinItsLimit() throws IOException {
        Destination d = destination();
        for (Event e : TestEvents.hostile()) {
            Payload p = encodeToFit(d, e);
            assertTrue(p.size() <= d.maxPayloadBytes(), "payload of " + e.title() + " is " + p.size() + " bytes");
            assertWellFormed(p, e);
        }
    }

    @Test
    void neverPutsTheSecretInItsNameOrPayloads() throws IOException {
        Destination d = destination();
        assertFalse(d.name().contains(secret()), "name " + d.name());
        Payload p = d.encode(TestEvents.rich());
        assertFalse(new String(p.body(), StandardCharsets.UTF_8).contains(secret()), "payload holds the secret");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void treatsSuccessAsDelivered(int status) throws IOException {
        assertEquals(Outcome.Kind.DELIVERED, answer(status, null).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void retriesTransientFailures(int status) throws IOException {
        assertEquals(Outcome.Kind.RETRY, answer(status, null).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void dropsPermanentRefusals(int status) throws IOException {
        Outcome o = answer(status, null);
        assertEquals(Outcome.Kind.DROP, o.kind());
        assertFalse(o.reason().contains(secret()));
    }

    @Test
    void reportsTooLargeOn413() throws IOException {
        assertEquals(Outcome.Kind.TOO_LARGE, answer(413, null).kind());
    }

    @Test
    void honoursRetryAfterOn429() throws IOException {
        Outcome o = answer(429, "17");
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(17_000L, o.retryAfterMillis());
    }

    @Test
    void backsOffAMinuteOnABare429() throws IOException {
        Outcome o = answer(429, null);
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertTrue(o.retryAfterMillis() >= 60_000L, "waits " + o.retryAfterMillis());
    }

    @Test
    void surfacesAResetConnectionAsIOException() throws IOException {
        server.stubFor(
                post(urlPathEqualTo(eventPath())).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Destination d = destination();
        Payload p = d.encode(TestEvents.rich());
        assertThrows(IOException.class, () -> d.deliver(p, transport));
    }

    /** Delivers a rich event through {@code d} to a server answering {@code status} with {@code body}. */
    protected final Outcome answer(Destination d, int status, String body) throws IOException {
        server.stubFor(post(urlPathEqualTo(eventPath()))
                .willReturn(aResponse().withStatus(status).withBody(body)));
        return d.deliver(d.encode(TestEvents.rich()), transport);
    }

    /** Delivers a rich event to a server answering {@code status} and returns the classification. */
    protected final Outcome answer(int status, String retryAfter) throws IOException {
        com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r = aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(status < 300 ? "{\"ok\":true}" : "{\"error\":\"x\"}");
        if (retryAfter != null) {
            r = r.withHeader("Retry-After", retryAfter);
        }
        server.stubFor(post(urlPathEqualTo(eventPath())).willReturn(r));
        Destination d = destination();
        return d.deliver(d.encode(TestEvents.rich()), transport);
    }
}
