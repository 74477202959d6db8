package dev.telltale.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.telltale.Event;
import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A WireMock backend on loopback and a Telltale client (behind the facade) that reports to it. */
public final class EventSink implements AutoCloseable {
    private final WireMockServer wiremock;
    private final TelltaleClient client;
    private final ConcurrentLinkedQueue<Event> raw;

    private EventSink(WireMockServer wiremock, TelltaleClient client, ConcurrentLinkedQueue<Event> raw) {
        this.wiremock = wiremock;
        this.client = client;
        this.raw = raw;
    }

    public static EventSink start(Path outbox, boolean sendDefaultPii) {
        WireMockServer wm =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        wm.stubFor(post(urlEqualTo("/events")).willReturn(aResponse().withStatus(200)));
        ConcurrentLinkedQueue<Event> raw = new ConcurrentLinkedQueue<>();
        TelltaleClient client = TelltaleClient.start(TelltaleOptions.builder()
                .beforeSend(e -> {
                    raw.add(e);
                    return e;
                })
                .externalConfig(false)
                .destinations("testhttp+http://127.0.0.1:" + wm.port() + "/events")
                .outboxDir(outbox.toString())
                .sendDefaultPii(sendDefaultPii)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .inAppPackages("dev.telltale.servlet")
                .build());
        Telltale.use(client);
        return new EventSink(wm, client, raw);
    }

    public TelltaleClient client() {
        return client;
    }

    public void reset() {
        client.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5));
        wiremock.resetRequests();
        raw.clear();
    }

    /** Events as the filter and core made them, before scrubbing: shows what was collected at all. */
    public List<Event> raw() {
        return new ArrayList<>(raw);
    }

    /** Waits (bounded) until at least {@code n} events arrived, then returns all that arrived. */
    public List<ReceivedEvent> await(int n) {
        long deadline = System.nanoTime()
                + 10_000_000_000L * Long.getLong("telltale.test.wait-scale", 5); // stretched on a busy machine
        List<ReceivedEvent> got = events();
        while (got.size() < n && System.nanoTime() < deadline) {
            client.flush(200);
            got = events();
            if (got.size() < n) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (got.size() < n) {
            throw new AssertionError("expected " + n + " events, got " + got.size() + ": " + got);
        }
        return got;
    }

    /** Everything captured so far, once delivered: for checking that nothing (more) was reported. */
    public List<ReceivedEvent> settled() {
        if (!client.flush(10_000 * Long.getLong("telltale.test.wait-scale", 5))) {
            throw new AssertionError("events were not delivered in time");
        }
        return events();
    }

    public List<ReceivedEvent> events() {
        List<ReceivedEvent> out = new ArrayList<>();
        List<ServeEvent> all = new ArrayList<>(wiremock.getAllServeEvents());
        java.util.Collections.reverse(all); // oldest first
        for (ServeEvent e : all) {
            out.add(new ReceivedEvent(JsonTree.object(new String(e.getRequest().getBody(), StandardCharsets.UTF_8))));
        }
        return out;
    }

    @Override
    public void close() {
        Telltale.use(null);
        client.close();
        wiremock.stop();
    }
}
