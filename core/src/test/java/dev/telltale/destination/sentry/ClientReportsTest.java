package dev.telltale.destination.sentry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.DropReason;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.destination.Payload;
import dev.telltale.testkit.EnvelopeServer;
import dev.telltale.testkit.Poll;
import dev.telltale.testkit.TestEvents;
import io.sentry.EnvelopeReader;
import io.sentry.ISerializer;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryItemType;
import io.sentry.SentryOptions;
import io.sentry.clientreport.ClientReport;
import io.sentry.clientreport.DiscardedEvent;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sentry client reports: what Telltale dropped, told to the server as the official SDK does. */
class ClientReportsTest {
    /** Sentry's discard reasons (develop docs, client reports). */
    private static final Set<String> SENTRY_REASONS = new HashSet<>(Arrays.asList(
            "queue_overflow",
            "cache_overflow",
            "ratelimit_backoff",
            "network_error",
            "sample_rate",
            "before_send",
            "event_processor",
            "send_error",
            "internal_sdk_error",
            "insufficient_data",
            "backpressure"));

    private static final Pattern BEFORE_SEND =
            Pattern.compile("\"reason\":\"before_send\",\"category\":\"error\",\"quantity\":(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void everyDropReasonMapsToOneOfSentrysDiscardReasonsExceptDisabled() {
        for (DropReason r : DropReason.values()) {
            String s = ClientReports.sentryReason(r);
            if (r == DropReason.DISABLED) {
                assertNull(s, "DISABLED is not reported");
            } else {
                assertTrue(SENTRY_REASONS.contains(s), r + " -> " + s);
            }
        }
    }

    @Test
    void aShareIsReportedOnceWhenDeliveredAndAgainWhenNot() {
        ClientReports reports = new ClientReports();
        long[] totals = new long[DropReason.values().length];
        totals[DropReason.QUEUE_OVERFLOW.ordinal()] = 5;
        totals[DropReason.DISABLED.ordinal()] = 7;
        long[] first = reports.take(totals);
        assertNotNull(first);
        assertEquals(5, first[DropReason.QUEUE_OVERFLOW.ordinal()]);
        assertEquals(0, first[DropReason.DISABLED.ordinal()], "DISABLED is never carried");
        assertNull(reports.take(totals), "a share in flight is not taken twice by a concurrent request");
        reports.settle(first, false);
        long[] again = reports.take(totals);
        assertArrayEquals(first, again, "a failed request gives its share back");
        reports.settle(again, true);
        assertNull(reports.take(totals), "a delivered share is not reported again");
        totals[DropReason.QUEUE_OVERFLOW.ordinal()] = 8;
        assertEquals(3, reports.take(totals)[DropReason.QUEUE_OVERFLOW.ordinal()], "only the drops since");
    }

    @Test
    void theOfficialSdkReadsAnEventEnvelopeWithAClientReportItem() throws Exception {
        SentryDestination d = new SentryDestination(Dsn.parse("http://key@127.0.0.1:9/1"), "1.0", "");
        Payload p = d.encode(TestEvents.rich());
        long[] share = new long[DropReason.values().length];
        share[DropReason.QUEUE_OVERFLOW.ordinal()] = 4;
        share[DropReason.SHUTDOWN.ordinal()] = 1;
        share[DropReason.OUTBOX_FULL.ordinal()] = 2;
        byte[] envelope = SentryDestination.withItem(
                d.withSendTimeFields(p.body(), System.currentTimeMillis()),
                ClientReports.item(share, System.currentTimeMillis()));

        ISerializer serializer = new SentryOptions().getSerializer();
        SentryEnvelope env = new EnvelopeReader(serializer).read(new ByteArrayInputStream(envelope));
        assertNotNull(env, "the SDK could not read the envelope");
        List<SentryEnvelopeItem> items = new ArrayList<>();
        env.getItems().forEach(items::add);
        assertEquals(2, items.size());
        assertEquals(SentryItemType.Event, items.get(0).getHeader().getType());
        assertEquals(SentryItemType.ClientReport, items.get(1).getHeader().getType());
        ClientReport report = items.get(1).getClientReport(serializer);
        assertNotNull(report, "the SDK could not read the client report");
        assertNotNull(report.getTimestamp());
        Map<String, Long> byReason = new java.util.TreeMap<>();
        for (DiscardedEvent e : report.getDiscardedEvents()) {
            assertEquals("error", e.getCategory());
            byReason.put(e.getReason(), e.getQuantity());
        }
        Map<String, Long> expected = new java.util.TreeMap<>();
        expected.put("queue_overflow", 5L); // QUEUE_OVERFLOW and SHUTDOWN
        expected.put("cache_overflow", 2L);
        assertEquals(expected, byReason);
    }

    @Test
    void aLoopbackServerSeesDropsOnTheNextEnvelopeAndTheRestAtClose() throws Exception {
        List<String> envelopes = new CopyOnWriteArrayList<>();
        HttpServer server = EnvelopeServer.start(envelopes, () -> true);
        TelltaleClient client = null;
        try {
            client = TelltaleClient.start(TelltaleOptions.builder()
                    .destinations("http://key@127.0.0.1:" + server.getAddress().getPort() + "/7")
                    .outboxDir(tmp.toString())
                    .externalConfig(false)
                    .uncaughtHandler(false)
                    .shutdownHook(false)
                    .beforeSend(e -> e.message().startsWith("drop") ? null : e)
                    .build());
            for (int i = 0; i < 3; i++) {
                client.captureMessage("drop " + i, Level.ERROR);
            }
            TelltaleClient c = client;
            assertTrue(Poll.until(10_000, () -> c.stats().dropped(DropReason.BEFORE_SEND) == 3));
            client.captureMessage("keep", Level.ERROR);
            assertTrue(
                    Poll.until(10_000, () -> beforeSendReported(envelopes) == 3),
                    "the next envelope carries the 3 drops: " + envelopes.size());
            assertTrue(
                    envelopes.get(envelopes.size() - 1).contains("\"type\":\"event\""), "on the event's own envelope");
            assertTrue(Poll.until(10_000, () -> c.stats().destinations().get(0).sent() == 1));

            client.captureMessage("drop later", Level.ERROR);
            client.captureMessage("drop last", Level.ERROR);
            assertTrue(Poll.until(10_000, () -> c.stats().dropped(DropReason.BEFORE_SEND) == 5));
            client.close();
            assertTrue(
                    Poll.until(10_000, () -> beforeSendReported(envelopes) == 5),
                    "close sends the 2 still pending: " + envelopes.size());
            TelltaleStats.DestinationStats stats = client.stats().destinations().get(0);
            assertEquals(1, stats.sent(), "a client report is not counted as a sent event");
            assertEquals(0, stats.droppedTotal());
        } finally {
            if (client != null) {
                client.close();
            }
            server.stop(0);
        }
    }

    /** Sum of {@code before_send} quantities over every client report the server received. */
    private static long beforeSendReported(List<String> envelopes) {
        long n = 0;
        for (String e : envelopes) {
            Matcher m = BEFORE_SEND.matcher(e);
            while (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }
}
