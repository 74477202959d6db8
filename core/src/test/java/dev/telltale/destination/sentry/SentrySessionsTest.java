package dev.telltale.destination.sentry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import io.sentry.EnvelopeReader;
import io.sentry.JsonSerializer;
import io.sentry.SentryEnvelope;
import io.sentry.SentryOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Release health: {@code ?sessions=true} sends one server-mode session aggregate per process run. */
class SentrySessionsTest {
    @RegisterExtension
    static final WireMockExtension sentry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path outbox;

    private TelltaleClient client(String query, String release) {
        sentry.stubFor(post(urlEqualTo("/api/1/envelope/"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        TelltaleOptions.Builder b = TelltaleOptions.builder()
                .externalConfig(false)
                .destinations("http://pub@127.0.0.1:" + sentry.getPort() + "/1" + query)
                .environment("staging")
                .outboxDir(outbox.toString())
                .uncaughtHandler(false)
                .shutdownHook(false);
        if (release != null) {
            b.release(release);
        }
        return TelltaleClient.start(b.build());
    }

    /** The item bodies of type "sessions" the stub received, each envelope read by the official SDK first. */
    private static List<JsonNode> sessionItems() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : sentry.findAll(postRequestedFor(urlEqualTo("/api/1/envelope/")))) {
            byte[] body = r.getBody();
            SentryEnvelope env =
                    new EnvelopeReader(new JsonSerializer(new SentryOptions())).read(new ByteArrayInputStream(body));
            assertNotNull(env, "the official SDK reads the envelope");
            SentryWire.Lines lines = SentryWire.split(body);
            if ("sessions".equals(lines.itemHeader.path("type").asText())) {
                assertEquals(lines.item.length, lines.itemHeader.path("length").asInt());
                out.add(SentryWire.MAPPER.readTree(lines.item));
            }
        }
        return out;
    }

    @Test
    void aRunWithAHandledErrorEndsAsOneErroredSessionOfItsRelease() throws Exception {
        TelltaleClient c = client("?sessions=true", "shop@1.4.2");
        c.captureException(new IllegalStateException("handled"));
        assertTrue(c.flush(10_000), "the error was sent before the session ends");
        c.close();
        List<JsonNode> items = sessionItems();
        assertEquals(1, items.size(), items.toString());
        JsonNode agg = items.get(0).path("aggregates").get(0);
        assertEquals(1, agg.path("errored").asInt(), items.toString());
        assertTrue(
                agg.path("started").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00(\\.000)?Z"),
                items.toString());
        assertEquals("shop@1.4.2", items.get(0).path("attrs").path("release").asText());
        assertEquals("staging", items.get(0).path("attrs").path("environment").asText());
    }

    @Test
    void aCleanRunEndsAsOneExitedSession() throws Exception {
        TelltaleClient c = client("?sessions=true", "shop@1.4.2");
        c.close();
        List<JsonNode> items = sessionItems();
        assertEquals(1, items.size(), items.toString());
        assertEquals(1, items.get(0).path("aggregates").get(0).path("exited").asInt(), items.toString());
    }

    @Test
    void noSessionsWithoutTheOptionOrWithoutARelease() throws Exception {
        TelltaleClient plain = client("", "shop@1.4.2");
        plain.captureMessage("hello", dev.telltale.Level.ERROR);
        plain.close();
        TelltaleClient noRelease = client("?sessions=true", null);
        noRelease.close();
        assertEquals(0, sessionItems().size());
        assertEquals(
                1,
                sentry.findAll(postRequestedFor(urlEqualTo("/api/1/envelope/"))).size(),
                "the event only");
    }
}
