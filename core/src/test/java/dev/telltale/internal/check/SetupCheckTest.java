package dev.telltale.internal.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telltale test} against WireMock stubs built from the read APIs' documented answers
 * (shared/seeds): pagination, refused tokens, rate limits, a canary that shows up only later.
 */
class SetupCheckTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String ID = "0123456789abcdef0123456789abcdef";
    static final String DASHED = "01234567-89ab-cdef-0123-456789abcdef";
    static final String NONCE = "tt0123456789";

    @TempDir
    Path outbox;

    private String host() {
        return "127.0.0.1:" + server.getPort();
    }

    private String base() {
        return "http://" + host();
    }

    private SetupCheck.Report check(String destinations, String readApi, long timeoutMillis) {
        SetupCheck.Report r = SetupCheck.run(
                TelltaleOptions.builder()
                        .externalConfig(false)
                        .destinations(destinations)
                        .set(ConfigKey.OUTBOX_DIR, outbox.toString())
                        .build(),
                readApi,
                timeoutMillis,
                ID);
        for (String line : r.lines()) {
            System.out.println(line);
        }
        return r;
    }

    private static void assertNoSecret(SetupCheck.Report r, String... secrets) {
        for (String line : r.lines()) {
            for (String s : secrets) {
                assertFalse(line.contains(s), "secret printed: " + line);
            }
        }
    }

    private void stubSentryIngest() {
        server.stubFor(post(urlPathEqualTo("/api/1/envelope/")).willReturn(okJson("{\"id\":\"" + ID + "\"}")));
    }

    @Test
    void bugsinkShowsTheCanaryAfterADelayAcrossPagesWithItsInAppTopFrame() {
        stubSentryIngest();
        String api = "/api/canonical/0";
        server.stubFor(get(urlPathEqualTo(api + "/issues/"))
                .withQueryParam("project", equalTo("1"))
                .withQueryParam("cursor", absent())
                .willReturn(okJson(
                        "{\"next\":\"" + base() + api + "/issues/?cursor=cD00ODY%3D&project=1\",\"previous\":null,"
                                + "\"results\":[{\"id\":\"aaaa1111-0000-4000-8000-000000000001\",\"project\":1,\"digest_order\":7,"
                                + "\"calculated_type\":\"IllegalStateException\",\"calculated_value\":\"other\"}]}")));
        server.stubFor(
                get(urlPathEqualTo(api + "/issues/"))
                        .withQueryParam("cursor", equalTo("cD00ODY="))
                        .willReturn(
                                okJson(
                                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"bbbb2222-0000-4000-8000-000000000002\","
                                                + "\"project\":1,\"calculated_type\":\"Canary$CanaryException\",\"calculated_value\":\"Telltale canary\"}]}")));
        server.stubFor(
                get(urlPathEqualTo(api + "/events/"))
                        .withQueryParam("issue", equalTo("aaaa1111-0000-4000-8000-000000000001"))
                        .willReturn(
                                okJson(
                                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"e0\",\"event_id\":\"ffffffff-89ab-cdef-0123-456789abcdef\"}]}")));
        // The canary's event is digested only after the first look.
        server.stubFor(get(urlPathEqualTo(api + "/events/"))
                .withQueryParam("issue", equalTo("bbbb2222-0000-4000-8000-000000000002"))
                .inScenario("digest")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("digested")
                .willReturn(okJson("{\"next\":null,\"previous\":null,\"results\":[]}")));
        server.stubFor(get(urlPathEqualTo(api + "/events/"))
                .withQueryParam("issue", equalTo("bbbb2222-0000-4000-8000-000000000002"))
                .inScenario("digest")
                .whenScenarioStateIs("digested")
                .willReturn(okJson(
                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"c0ffee00-0000-4000-8000-000000000003\","
                                + "\"issue\":\"bbbb2222-0000-4000-8000-000000000002\",\"event_id\":\"" + DASHED
                                + "\",\"project\":1}]}")));
        server.stubFor(get(urlPathEqualTo(api + "/events/c0ffee00-0000-4000-8000-000000000003/stacktrace/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/markdown")
                        .withBody("# dev.telltale.internal.check.Canary$CanaryException\nTelltale canary " + NONCE
                                + "\n\n"
                                + "### Canary.java:24 in `raise` [in-app]\n_no source context available_\n\n"
                                + "### SetupCheck.java:131 in `run` [in-app]\n_no source context available_")));

        SetupCheck.Report r =
                check("http://pub@" + host() + "/1", "bugsink-api+http://bs-secret-token@" + host(), 30_000);

        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals(200, c.status());
        assertEquals("bbbb2222-0000-4000-8000-000000000002", c.issue());
        assertEquals("Canary.java:24 in `raise` [in-app]", c.topFrame());
        assertTrue(c.visibleAfterMillis() >= 1_000, "needed a second look: " + c.line());
        assertTrue(r.ok());
        server.verify(getRequestedFor(urlPathEqualTo(api + "/issues/"))
                .withHeader("Authorization", equalTo("Bearer bs-secret-token")));
        assertNoSecret(r, "bs-secret-token", "pub@");
    }

    @Test
    void aRefusedReadTokenFailsAtOnceAndNamesTheCredential() {
        stubSentryIngest();
        server.stubFor(get(urlPathEqualTo("/api/canonical/0/issues/"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":\"Invalid token.\"}")));
        long t0 = System.nanoTime();
        SetupCheck.Report r = check("http://pub@" + host() + "/1", "bugsink-api+http://wrong-token@" + host(), 60_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        CheckResult c = r.results().get(0);
        assertTrue(c.accepted());
        assertEquals(CheckResult.ReadState.FAILED, c.readState(), c.line());
        assertTrue(c.line().contains("token was refused (HTTP 401)") && c.line().contains("bugsink-api"), c.line());
        assertFalse(r.ok());
        assertTrue(ms < 30_000, "a refused token ends the polling: " + ms + " ms");
        assertNoSecret(r, "wrong-token");
    }

    @Test
    void sentryFollowsTheLinkCursorToTheCanaryAndShowsItsIssueAndTopFrame() {
        stubSentryIngest();
        String events = "/api/0/projects/acme/shop/events/";
        server.stubFor(get(urlPathEqualTo(events))
                .withQueryParam("cursor", absent())
                .willReturn(okJson(
                                "[{\"eventID\":\"99999999999999999999999999999999\",\"groupID\":\"1\",\"title\":\"other\"}]")
                        .withHeader(
                                "Link",
                                "<" + base() + events
                                        + "?&cursor=0:0:1>; rel=\"previous\"; results=\"false\"; cursor=\"0:0:1\", "
                                        + "<" + base() + events
                                        + "?&cursor=0:100:0>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"")));
        server.stubFor(get(urlPathEqualTo(events))
                .withQueryParam("cursor", equalTo("0:100:0"))
                .willReturn(okJson("[{\"eventID\":\"" + ID
                                + "\",\"groupID\":\"4711\",\"title\":\"Canary$CanaryException\"}]")
                        .withHeader(
                                "Link",
                                "<" + base() + events
                                        + "?&cursor=0:200:0>; rel=\"next\"; results=\"false\"; cursor=\"0:200:0\"")));
        server.stubFor(get(urlPathEqualTo(events + ID + "/"))
                .willReturn(okJson("{\"eventID\":\"" + ID
                        + "\",\"groupID\":\"4711\",\"entries\":[{\"type\":\"exception\",\"data\":{\"values\":"
                        + "[{\"type\":\"Canary$CanaryException\",\"stacktrace\":{\"frames\":["
                        + "{\"filename\":\"AgentCli.java\",\"module\":\"dev.telltale.agent.AgentCli\",\"function\":\"test\",\"lineNo\":97,\"inApp\":false},"
                        + "{\"filename\":\"Canary.java\",\"module\":\"dev.telltale.internal.check.Canary\",\"function\":\"raise\",\"lineNo\":24,\"inApp\":true}"
                        + "]}}]}}]}")));

        SetupCheck.Report r = check(
                "http://pub@" + host() + "/1", "sentry-api+http://sntrys_secret@" + host() + "/acme/shop", 30_000);

        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals("4711", c.issue());
        assertEquals(base() + "/organizations/acme/issues/4711/", c.issueUrl());
        assertEquals("Canary.java:24 in `dev.telltale.internal.check.Canary.raise` [in-app]", c.topFrame());
        server.verify(
                getRequestedFor(urlPathEqualTo(events)).withHeader("Authorization", equalTo("Bearer sntrys_secret")));
        assertNoSecret(r, "sntrys_secret");
    }

    @Test
    void bugsnagWaitsOutARateLimitThenMatchesTheTelltaleEventId() {
        server.stubFor(post(urlPathEqualTo("/notify"))
                .willReturn(aResponse().withStatus(200).withBody("OK")));
        server.stubFor(get(urlPathEqualTo("/projects/5f1/events"))
                .inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("open")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody("{\"errors\":[\"rate limited\"]}")));
        server.stubFor(get(urlPathEqualTo("/projects/5f1/events"))
                .inScenario("limit")
                .whenScenarioStateIs("open")
                .willReturn(
                        okJson("[{\"id\":\"ev-1\",\"error_id\":\"err-9\",\"received_at\":\"2026-12-04T17:00:00.000Z\","
                                        + "\"exceptions\":[{\"errorClass\":\"Canary$CanaryException\",\"message\":\"Telltale canary "
                                        + NONCE + "\","
                                        + "\"stacktrace\":[{\"file\":\"Canary.java\",\"lineNumber\":24,\"method\":\"dev.telltale.internal.check.Canary.raise\","
                                        + "\"inProject\":true}]}],\"metaData\":{\"telltale\":{\"eventId\":\"" + ID
                                        + "\"}}}]")
                                .withHeader("X-RateLimit-Limit", "10")
                                .withHeader("X-RateLimit-Remaining", "9")
                                .withHeader("X-Total-Count", "1")));

        SetupCheck.Report r = check(
                "bugsnag+http://notifykey@" + host() + "/notify",
                "bugsnag-api+http://bsg-secret@" + host() + "/5f1",
                30_000);

        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals("err-9", c.issue());
        assertEquals("Canary.java:24 in `dev.telltale.internal.check.Canary.raise` [in-app]", c.topFrame());
        assertTrue(c.visibleAfterMillis() >= 1_000, "waited out Retry-After: " + c.line());
        server.verify(
                2,
                getRequestedFor(urlPathEqualTo("/projects/5f1/events"))
                        .withHeader("Authorization", equalTo("token bsg-secret"))
                        .withHeader("X-Version", equalTo("2")));
        assertNoSecret(r, "bsg-secret", "notifykey");
    }

    @Test
    void bugnetSearchesTheProjectsBugsForTheCanary() {
        server.stubFor(post(urlPathEqualTo("/api/bugs/submit"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"data\":{\"id\":\"b-1\"}}")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .withQueryParam("search", equalTo(NONCE))
                .willReturn(okJson(
                                "{\"ok\":true,\"data\":[{\"id\":\"a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\"title\":\"[Error] Canary$CanaryException: "
                                        + "Telltale canary " + NONCE
                                        + "\",\"status\":\"open\",\"description\":\"Telltale canary " + NONCE
                                        + "\\n\\nStack trace:\\ndev.telltale.internal.check.Canary$CanaryException: Telltale canary\\n"
                                        + "\\tat dev.telltale.internal.check.Canary.raise(Canary.java:24)\\n\\tat dev.telltale.internal.check.SetupCheck.build(SetupCheck.java:168)\"}]}")
                        .withHeader("X-RateLimit-Limit", "120")
                        .withHeader("X-RateLimit-Remaining", "119")
                        .withHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 60))));

        SetupCheck.Report r = check(
                "bugnet+http://bn-api-key@" + host(),
                "bugnet-api+http://bn-session-token@" + host() + "/my-game",
                30_000);

        CheckResult c = r.results().get(0);
        assertEquals(201, c.status());
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals("a1b2c3d4-e5f6-7890-abcd-ef1234567890", c.issue());
        assertEquals("Canary.java:24 in `dev.telltale.internal.check.Canary.raise`", c.topFrame());
        server.verify(getRequestedFor(urlPathEqualTo("/api/projects/my-game/bugs"))
                .withHeader("Authorization", equalTo("Bearer bn-session-token")));
        assertNoSecret(r, "bn-api-key", "bn-session-token");
    }

    @Test
    void bugReportsArePagedThroughAndTheStackComesFromGet() {
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/auto"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"data\":{\"id\":\"bug_c4\",\"status\":\"open\"},\"success\":true,\"status\":201}")));
        server.stubFor(
                post(urlPathEqualTo("/api/bug-reports/list"))
                        .withRequestBody(matchingJsonPath("$[?(@.page == 1)]"))
                        .willReturn(
                                okJson(
                                        "{\"data\":{\"items\":[{\"id\":\"bug_abc123\",\"title\":\"Database connection timeout\",\"source\":\"auto:server\"}],"
                                                + "\"meta\":{\"page\":1,\"limit\":50,\"hasNextPage\":true,\"hasPrevPage\":false}},\"success\":true,\"status\":200}")));
        server.stubFor(
                post(urlPathEqualTo("/api/bug-reports/list"))
                        .withRequestBody(matchingJsonPath("$[?(@.page == 2)]"))
                        .willReturn(
                                okJson(
                                        "{\"data\":{\"items\":[{\"id\":\"bug_c4\",\"title\":\"Canary$CanaryException: Telltale canary "
                                                + NONCE + "\","
                                                + "\"source\":\"auto:server\",\"occurrenceCount\":1}],"
                                                + "\"meta\":{\"page\":2,\"limit\":50,\"hasNextPage\":false,\"hasPrevPage\":true}},\"success\":true,\"status\":200}")));
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/get"))
                .withRequestBody(matchingJsonPath("$.bugReportId", equalTo("bug_c4")))
                .willReturn(okJson("{\"data\":{\"id\":\"bug_c4\",\"errorMessage\":\"Telltale canary " + NONCE
                        + "\",\"errorStack\":"
                        + "\"dev.telltale.internal.check.Canary$CanaryException: Telltale canary\\n\\tat dev.telltale.internal.check.Canary.raise(Canary.java:24)\"},"
                        + "\"success\":true,\"status\":200}")));

        SetupCheck.Report r = check(
                "bugreport+http://br-token@" + host() + "/api",
                "bugreport-api+http://br-admin-key@" + host() + "/api",
                30_000);

        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals("bug_c4", c.issue());
        assertEquals("Canary.java:24 in `dev.telltale.internal.check.Canary.raise`", c.topFrame());
        assertNoSecret(r, "br-token", "br-admin-key");
    }

    @Test
    void withoutAReadCredentialOnlyAcceptanceIsCheckedAndSaid() {
        stubSentryIngest();
        SetupCheck.Report r = check("http://pub@" + host() + "/1", "", 10_000);
        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.NOT_CONFIGURED, c.readState());
        assertTrue(c.line().contains("only acceptance checked"), c.line());
        assertTrue(r.ok());
    }

    @Test
    void aCanaryThatNeverShowsUpFailsWithinTheTimeLimit() {
        stubSentryIngest();
        server.stubFor(get(urlPathEqualTo("/api/canonical/0/issues/"))
                .willReturn(okJson("{\"next\":null,\"previous\":null,\"results\":[]}")));
        long t0 = System.nanoTime();
        SetupCheck.Report r = check("http://pub@" + host() + "/1", "bugsink-api+http://t@" + host(), 3_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.NOT_VISIBLE, c.readState(), c.line());
        assertFalse(r.ok());
        assertTrue(ms < 3_000 + 5_000, "bounded: " + ms + " ms");
    }

    @Test
    void anUnreachableDestinationFailsAndNothingIsLeftInTheOutbox() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SetupCheck.Report r = check("http://pub@127.0.0.1:" + port + "/1", "", 10_000);
        CheckResult c = r.results().get(0);
        assertFalse(c.accepted(), c.line());
        assertTrue(c.line().contains("unreachable"), c.line());
        assertFalse(r.ok());
        try (Stream<Path> files = Files.walk(outbox)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "the canary never goes to the outbox");
        }
    }

    @Test
    void aBadReadApiEntryIsOneProblemLineWithoutTheToken() {
        stubSentryIngest();
        SetupCheck.Report r = check("http://pub@" + host() + "/1", "bugsink-api://leaky-token@, nonsense://x@y", 5_000);
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertNoSecret(r, "leaky-token");
        assertTrue(r.ok(), "the destination itself is fine");
    }

    @Test
    void bugnetRateLimitIsWaitedOutUntilItsResetAndARefusalInTheEnvelopeEndsThePolling() {
        server.stubFor(post(urlPathEqualTo("/api/bugs/submit"))
                .willReturn(aResponse().withStatus(201).withBody("{\"ok\":true,\"data\":{}}")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .inScenario("rl")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("reset")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("X-RateLimit-Limit", "120")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "1")
                        .withBody("{\"ok\":false,\"error\":\"Too many requests\"}")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .inScenario("rl")
                .whenScenarioStateIs("reset")
                .willReturn(okJson("{\"ok\":true,\"data\":[{\"id\":\"b-7\",\"title\":\"[Error] Telltale canary " + NONCE
                        + "\"}]}")));
        SetupCheck.Report r = check("bugnet+http://k@" + host(), "bugnet-api+http://t@" + host() + "/my-game", 30_000);
        CheckResult c = r.results().get(0);
        assertEquals(CheckResult.ReadState.VISIBLE, c.readState(), c.line());
        assertEquals("b-7", c.issue());
        assertTrue(c.visibleAfterMillis() >= 1_000, "waited for the reset: " + c.line());

        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/api/bugs/submit"))
                .willReturn(aResponse().withStatus(201).withBody("{\"ok\":true,\"data\":{}}")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"Project not found\"}")));
        SetupCheck.Report refused =
                check("bugnet+http://k@" + host(), "bugnet-api+http://t@" + host() + "/my-game", 30_000);
        CheckResult f = refused.results().get(0);
        assertEquals(CheckResult.ReadState.FAILED, f.readState(), f.line());
        assertTrue(f.line().contains("Bugnet bugs: Project not found"), f.line());
    }
}
