package dev.telltale.destination.sentry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.testkit.Poll;
import dev.telltale.testkit.TestEvents;
import io.sentry.protocol.SentryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The DSN reaches the Sentry destination through the built-in registry, the configuration and a running client. */
class SentryWiringTest {
    @RegisterExtension
    static final WireMockExtension sentry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ByteArrayOutputStream diagnosticsOut = new ByteArrayOutputStream();
    private final Diagnostics diagnostics = new Diagnostics(false, new PrintStream(diagnosticsOut, true));

    private String diagnosticLines() {
        return new String(diagnosticsOut.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void theBuiltInRegistryMakesASentryDestinationOfHttpAndHttpsDsns() {
        DestinationRegistry registry = new DestinationRegistry();
        Destination https = registry.create("https://k3y@o1.ingest.sentry.io/42", TestEvents.settings(), diagnostics);
        Destination http = registry.create("http://k3y@127.0.0.1:8000/1", TestEvents.settings(), diagnostics);
        assertTrue(https instanceof SentryDestination, String.valueOf(https));
        assertTrue(http instanceof SentryDestination, String.valueOf(http));
        assertEquals("sentry(o1.ingest.sentry.io/42)", https.name());
        assertEquals("", diagnosticLines());
    }

    @Test
    void aMalformedDsnIsSkippedWithOneClearLineAndNoKey() {
        Destination d =
                new DestinationRegistry().create("https://s3cretkey@host:99999/1", TestEvents.settings(), diagnostics);
        assertNull(d);
        String out = diagnosticLines();
        assertEquals(1, out.split("\n").length, out);
        assertTrue(
                out.startsWith(
                        "telltale: destination 'https://***@host:99999/1' skipped: not a valid Sentry DSN: the port 99999"),
                out);
        assertFalse(out.contains("s3cretkey"), out);
    }

    @Test
    void sentryDsnInTheEnvironmentSelectsTheSentryDestination() {
        String dsn = "https://k3y@o1.ingest.sentry.io/42";
        Settings settings = new ConfigResolver(
                        new EnumMap<ConfigKey, String>(ConfigKey.class),
                        Collections.<String, String>emptyMap(),
                        Collections.singletonMap("SENTRY_DSN", dsn),
                        Collections.<String, String>emptyMap())
                .resolve(null, Collections.<String>emptyList());
        List<Destination> all = new DestinationRegistry().createAll(settings, diagnostics);
        assertEquals(1, all.size());
        assertEquals("sentry(o1.ingest.sentry.io/42)", all.get(0).name());
    }

    @Test
    void aClientSendsACapturedExceptionToTheDsn(@TempDir Path outbox) throws Exception {
        sentry.stubFor(post(urlEqualTo("/api/9/envelope/"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        TelltaleOptions options = TelltaleOptions.builder()
                .destinations(sentry.baseUrl().replace("://", "://k3y@") + "/9")
                .release("shop@2.0.0")
                .serverName("checkout-1")
                .outboxDir(outbox.toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .externalConfig(false)
                .build();
        String id;
        try (TelltaleClient client = TelltaleClient.start(options)) {
            id = client.captureException(
                    new IllegalStateException("payment declined", new java.io.IOException("timeout")));
            assertTrue(client.flush(Poll.SCALE * 5_000), "flushed");
        }
        List<LoggedRequest> requests = sentry.findAll(postRequestedFor(urlEqualTo("/api/9/envelope/")));
        assertEquals(1, requests.size());
        SentryWire.Parsed parsed = SentryWire.parseWithSdk(requests.get(0).getBody());
        assertEquals(id, parsed.event.getEventId().toString());
        assertEquals("shop@2.0.0", parsed.event.getRelease());
        assertEquals("checkout-1", parsed.event.getServerName());
        List<SentryException> ex = parsed.event.getExceptions();
        assertEquals("IOException", ex.get(0).getType());
        assertEquals("IllegalStateException", ex.get(1).getType());
        assertEquals("payment declined", ex.get(1).getValue());
    }

    @Test
    void aLimitSentWithASuccessHoldsBackTheNextEventOfThatCategory(@TempDir Path outbox) {
        // Issue 19, defect 1: the first event is accepted with "errors: wait a minute"; the second waits.
        sentry.stubFor(post(urlEqualTo("/api/7/envelope/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{}")
                        .withHeader(SentryRateLimits.HEADER, "60:error:organization:quota_exceeded")));
        TelltaleOptions options = TelltaleOptions.builder()
                .destinations(sentry.baseUrl().replace("://", "://k3y@") + "/7")
                .outboxDir(outbox.toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .externalConfig(false)
                .build();
        try (TelltaleClient client = TelltaleClient.start(options)) {
            client.captureException(new IllegalStateException("first"));
            assertTrue(
                    Poll.until(
                            10_000, () -> client.stats().destinations().get(0).sent() == 1),
                    "first delivered: " + client.stats());
            client.captureException(new IllegalStateException("second"));
            // A limited lane spills at once: seeing it spooled means the lane has decided not to send it.
            assertTrue(
                    Poll.until(
                            10_000, () -> client.stats().destinations().get(0).spooled() >= 1),
                    "second held: " + client.stats());
            assertEquals(
                    1,
                    sentry.findAll(postRequestedFor(urlEqualTo("/api/7/envelope/")))
                            .size());
            assertEquals(1, client.stats().destinations().get(0).sent(), "the first counted sent, once");
        }
    }
}
