package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.delivered;
import static dev.telltale.internal.delivery.Pipelines.messages;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import dev.telltale.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryAndRecoveryTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    @Test
    void backendDownThenBackDeliversEverythingInOrderExactlyOnce() {
        answer(server, "/events", serviceUnavailable());
        List<String> expected = messages("down", 40);
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/events"))) {
            for (String m : expected) {
                c.captureMessage(m, Level.INFO);
            }
            await(5_000, () -> stats(c).retried() >= 3, () -> "retries while down: " + c.stats());
            assertTrue(stats(c).spooled() > 0, "events wait on disk while the backend is down: " + c.stats());

            StubMapping up = answer(server, "/events", ok());
            await(
                    10_000,
                    () -> stats(c).sent() == expected.size() && stats(c).pending() == 0,
                    () -> "all sent after recovery: " + c.stats());
            assertEquals(expected, delivered(server, up), "every event once, in capture order");
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(0, s.pending());
            assertEquals(0, s.droppedTotal(), s.toString());
        }
    }

    enum Failure {
        HTTP_500(aResponse().withStatus(500)),
        HTTP_502(aResponse().withStatus(502)),
        HTTP_503(aResponse().withStatus(503)),
        CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        EMPTY_REPLY(aResponse().withFault(Fault.EMPTY_RESPONSE)),
        MALFORMED_REPLY(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
        GARBAGE_REPLY(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
        READ_TIMEOUT(aResponse().withStatus(200).withFixedDelay(1_500));

        final ResponseDefinitionBuilder response;

        Failure(ResponseDefinitionBuilder response) {
            this.response = response;
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void captureNeverWaitsOnAFailingBackendAndEverythingArrivesOnceItAnswers(Failure failure) {
        answer(server, "/f", failure.response);
        List<String> expected = messages(failure.name(), 200);
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/f"))
                .set("read-timeout-ms", "250")
                .build())) {
            long start = System.nanoTime();
            for (String m : expected) {
                c.captureMessage(m, Level.ERROR);
            }
            double avgMicros = (System.nanoTime() - start) / 1_000.0 / expected.size();
            System.out.printf(
                    "capture while backend fails with %s: %.1f us average over %d%n",
                    failure, avgMicros, expected.size());
            // Blocking on the 250 ms timeout would cost far more; the bound stretches on a slow machine.
            assertTrue(avgMicros < 2_000 * Poll.SCALE, "capture took " + avgMicros + " us on average");

            await(5_000, () -> stats(c).retried() >= 2, () -> "retried: " + c.stats());
            StubMapping up = answer(server, "/f", ok());
            await(15_000, () -> stats(c).sent() == expected.size(), () -> "sent after recovery: " + c.stats());
            // The 250 ms read timeout can cut a request the server received: a resend, not a loss.
            Pipelines.assertDeliveredInOrder(expected, delivered(server, up), stats(c).retried());
            assertEquals(0, stats(c).droppedTotal(), c.stats().toString());
        }
    }

    @Test
    void permanentRefusalIsDroppedOnceAndCounted() {
        StubMapping refused = answer(server, "/bad", aResponse().withStatus(401));
        try (TelltaleClient c = Pipelines.client(outbox, uri(server, "/bad"))) {
            c.captureMessage("refused-1", Level.ERROR);
            c.captureMessage("refused-2", Level.ERROR);
            assertTrue(c.flush(Poll.SCALE * 5_000));
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(2, s.dropped(dev.telltale.DropReason.PERMANENT_ERROR), s.toString());
            assertEquals(0, s.retried());
            assertEquals(2, Pipelines.served(server, refused).size(), "no retry of a permanent refusal");
        }
    }
}
