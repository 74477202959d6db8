package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.delivered;
import static dev.telltale.internal.delivery.Pipelines.served;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.testkit.Poll;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    /** The first request gets {@code first}; every later one 200. @return the 200 stub */
    private static StubMapping firstThenOk(String path, ResponseDefinitionBuilder first) {
        server.stubFor(post(urlPathEqualTo(path))
                .inScenario(path)
                .whenScenarioStateIs(STARTED)
                .willReturn(first)
                .willSetStateTo("open"));
        return server.stubFor(post(urlPathEqualTo(path))
                .inScenario(path)
                .whenScenarioStateIs("open")
                .willReturn(ok()));
    }

    /** Asserts no request after the first reached the server before {@code notBefore} (epoch ms). */
    private static void assertNothingBefore(long notBefore) {
        List<ServeEvent> all = served(server, null);
        for (ServeEvent e : all.subList(1, all.size())) {
            long at = e.getRequest().getLoggedDate().getTime();
            assertTrue(at >= notBefore - 5, "a request came " + (notBefore - at) + " ms before the deadline");
        }
    }

    private void captureAndAwait(TelltaleClient c, StubMapping up, String... messages) {
        long before = stats(c).sent();
        for (String m : messages) {
            c.captureMessage(m, Level.WARNING);
        }
        await(
                10_000,
                () -> stats(c).sent() == before + messages.length,
                () -> c.stats().toString());
        assertEquals(Arrays.asList(messages), delivered(server, up));
    }

    @Test
    void retryAfterSecondsHoldsEveryRequestUntilTheDeadline() {
        StubMapping up = firstThenOk("/ra", aResponse().withStatus(429).withHeader("Retry-After", "2"));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/ra"))) {
            captureAndAwait(c, up, "a", "b", "c");
            long first =
                    served(server, null).get(0).getRequest().getLoggedDate().getTime();
            assertNothingBefore(first + 2_000);
            assertEquals(0, stats(c).droppedTotal());
        }
    }

    @Test
    void retryAfterHttpDateHoldsEveryRequestUntilThatDate() {
        SimpleDateFormat f = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
        f.setTimeZone(TimeZone.getTimeZone("GMT"));
        long until = (System.currentTimeMillis() / 1000 + 3) * 1000; // whole seconds, as the header carries
        StubMapping up =
                firstThenOk("/date", aResponse().withStatus(429).withHeader("Retry-After", f.format(new Date(until))));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/date"))) {
            captureAndAwait(c, up, "d1", "d2");
            assertNothingBefore(until);
        }
    }

    @Test
    void exhaustedQuotaHeadersPauseTheDestinationUntilReset() {
        StubMapping up = firstThenOk(
                "/quota",
                aResponse()
                        .withStatus(200)
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "2"));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/quota"))) {
            c.captureMessage("q0", Level.INFO);
            await(5_000, () -> stats(c).sent() == 1, () -> c.stats().toString());
            long first =
                    served(server, null).get(0).getRequest().getLoggedDate().getTime();
            captureAndAwait(c, up, "q1", "q2");
            assertNothingBefore(first + 2_000);
        }
    }

    @Test
    void limitedCategoryWaitsWhileOtherCategoriesFlow() {
        StubMapping up = firstThenOk(
                "/cat",
                aResponse().withStatus(429).withHeader("Retry-After", "5").withHeader("X-Test-Categories", "error"));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/cat"))) {
            c.captureException(new IllegalStateException("e1"));
            await(5_000, () -> served(server, null).size() >= 1, () -> "first error attempted");
            long limitedAt = System.currentTimeMillis();
            c.captureMessage("m1", Level.INFO);
            c.captureException(new IllegalStateException("e2"));
            c.captureMessage("m2", Level.INFO);
            await(4_000, () -> stats(c).sent() == 2, () -> "messages flow while errors are limited: " + c.stats());
            assertEquals(Arrays.asList("m1", "m2"), delivered(server, up));
            assertTrue(System.currentTimeMillis() - limitedAt < 4_900, "messages did not wait for the error limit");
            await(10_000, () -> stats(c).sent() == 4, () -> c.stats().toString());
            List<String> all = delivered(server, up);
            assertEquals(
                    Arrays.asList("m1", "m2", "IllegalStateException: e1", "IllegalStateException: e2"),
                    all,
                    "errors afterwards, still in their order");
        }
    }

    @Test
    void anAcceptedEventThatCarriesALimitIsNotSentAgainButLimitsWhatFollows() {
        StubMapping first = server.stubFor(post(urlPathEqualTo("/acc"))
                .inScenario("acc")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Retry-After", "2")
                        .withHeader("X-Test-Categories", "default"))
                .willSetStateTo("open"));
        StubMapping up = server.stubFor(post(urlPathEqualTo("/acc"))
                .inScenario("acc")
                .whenScenarioStateIs("open")
                .willReturn(ok()));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/acc"))) {
            c.captureMessage("accepted", Level.INFO);
            await(5_000, () -> stats(c).sent() == 1, () -> c.stats().toString());
            long firstAt =
                    served(server, null).get(0).getRequest().getLoggedDate().getTime();
            captureAndAwait(c, up, "later");
            assertEquals(Arrays.asList("accepted"), delivered(server, first), "not sent twice");
            assertNothingBefore(firstAt + 2_000);
        }
    }

    @Test
    void payloadTooLargeIsDroppedOnceAndCounted() {
        StubMapping big = server.stubFor(
                post(urlPathEqualTo("/big")).willReturn(aResponse().withStatus(413)));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/big"))) {
            c.captureMessage("too big", Level.INFO);
            await(
                    5_000,
                    () -> stats(c).dropped(dev.telltale.DropReason.TOO_LARGE) == 1,
                    () -> c.stats().toString());
            assertTrue(c.flush(Poll.SCALE * 2_000));
            assertTrue(served(server, big).size() <= 2, "at most one re-encoded retry");
            assertEquals(0, stats(c).retried());
        }
    }
}
