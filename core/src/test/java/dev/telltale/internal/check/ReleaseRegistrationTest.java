package dev.telltale.internal.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRegistrationTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path outbox;

    private final ByteArrayOutputStream diag = new ByteArrayOutputStream();

    private String host() {
        return "127.0.0.1:" + server.getPort();
    }

    private Settings settings(String release) {
        List<String> problems = new ArrayList<>();
        return new ConfigResolver(
                        TelltaleOptions.builder()
                                .release(release)
                                .outboxDir(outbox.toString())
                                .build()
                                .values(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap())
                .resolve(null, problems);
    }

    private void register(String destination, String readApi) throws InterruptedException {
        ReleaseRegistration r = ReleaseRegistration.start(
                settings("shop@1.4.2"),
                Collections.singletonList(destination),
                readApi,
                new Diagnostics(true, new PrintStream(diag, true)));
        assertNotNull(r);
        assertTrue(r.await(30_000), "registration ends within its bound");
        r.close();
    }

    private String diagnostics() {
        return new String(diag.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void bugsinkGetsTheReleaseOnceAcrossStartsAfterLookingThroughItsPages() throws Exception {
        String api = "/api/canonical/0/releases/";
        server.stubFor(get(urlPathEqualTo(api))
                .withQueryParam("project", equalTo("1"))
                .withQueryParam("cursor", absent())
                .willReturn(okJson("{\"next\":\"http://" + host() + api + "?cursor=cD0y&project=1\",\"previous\":null,"
                        + "\"results\":[{\"id\":\"r1\",\"project\":1,\"version\":\"shop@1.4.0\"}]}")));
        server.stubFor(
                get(urlPathEqualTo(api))
                        .withQueryParam("cursor", equalTo("cD0y"))
                        .willReturn(
                                okJson(
                                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"r2\",\"project\":1,\"version\":\"shop@1.4.1\"}]}")));
        server.stubFor(
                post(urlPathEqualTo(api))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"id\":\"r3\",\"project\":1,\"version\":\"shop@1.4.2\",\"date_released\":\"2026-12-04T17:00:00Z\"}")));

        register("sentry(" + host() + "/1)", "bugsink-api+http://mgmt-secret@" + host());
        register("sentry(" + host() + "/1)", "bugsink-api+http://mgmt-secret@" + host());

        server.verify(
                1,
                postRequestedFor(urlPathEqualTo(api))
                        .withHeader("Authorization", equalTo("Bearer mgmt-secret"))
                        .withRequestBody(matchingJsonPath("$.project", equalTo("1")))
                        .withRequestBody(matchingJsonPath("$.version", equalTo("shop@1.4.2"))));
        assertTrue(diagnostics().contains("release shop@1.4.2 registered with bugsink-api"), diagnostics());
        assertFalse(diagnostics().contains("mgmt-secret"), diagnostics());
    }

    @Test
    void sentryAnswering208MeansTheReleaseWasAlreadyThere() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/0/organizations/acme/releases/"))
                .willReturn(aResponse()
                        .withStatus(208)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"version\":\"shop@1.4.2\"}")));
        register("sentry(o1.ingest.example:443/1)", "sentry-api+http://sntrys_x@" + host() + "/acme/shop");
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/api/0/organizations/acme/releases/"))
                        .withRequestBody(equalToJson("{\"version\":\"shop@1.4.2\",\"projects\":[\"shop\"]}")));
        assertTrue(diagnostics().contains("already known"), diagnostics());
    }

    @Test
    void aRefusedCredentialIsOneLineAndNoSecret() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/0/organizations/acme/releases/"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"detail\":\"You do not have permission to perform this action.\"}")));
        register("sentry(o1.ingest.example:443/1)", "sentry-api+http://sntrys_readonly@" + host() + "/acme/shop");
        String d = diagnostics();
        assertTrue(
                d.contains("telltale: release shop@1.4.2 not registered with sentry-api(" + host()
                        + "/acme/shop): Sentry release: the token was refused (HTTP 403)"),
                d);
        assertFalse(d.contains("sntrys_readonly"), d);
    }

    @Test
    void aStartedClientRegistersItsReleaseAndLeavesNoThreadAtClose() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/0/organizations/acme/releases/"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        System.setProperty(SetupCheck.READ_API_PROPERTY, "sentry-api+http://t@" + host() + "/acme/shop");
        try {
            TelltaleClient c = TelltaleClient.start(TelltaleOptions.builder()
                    .destinations("http://pub@" + host() + "/1")
                    .release("shop@2.0.0")
                    .outboxDir(outbox.toString())
                    .uncaughtHandler(false)
                    .shutdownHook(false)
                    .set(ConfigKey.DEBUG, "false")
                    .build());
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (server.findAll(postRequestedFor(urlPathEqualTo("/api/0/organizations/acme/releases/")))
                            .isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            c.close();
            server.verify(
                    1,
                    postRequestedFor(urlPathEqualTo("/api/0/organizations/acme/releases/"))
                            .withRequestBody(matchingJsonPath("$.version", equalTo("shop@2.0.0"))));
            // the deadline timer's thread ends right after its cancel, not during it: poll
            long until = System.nanoTime() + 10_000_000_000L;
            List<String> left = threads();
            while (!left.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
                left = threads();
            }
            assertTrue(left.isEmpty(), "left: " + left);
        } finally {
            System.clearProperty(SetupCheck.READ_API_PROPERTY);
        }
    }

    private static List<String> threads() {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()
                    && (t.getName().startsWith("telltale-release")
                            || t.getName().startsWith("telltale-check"))) {
                out.add(t.getName());
            }
        }
        return out;
    }
}
