package dev.telltale.logback;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.Telltale;
import dev.telltale.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/** Real Logback configured from XML, and the events a WireMock server received, as JSON trees. */
final class LogbackHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogbackHarness() {}

    /** The context SLF4J hands out (so that MDC and markers take the application's path). */
    static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Resets Logback and configures it from a test XML; fails on any ERROR status Joran reports. */
    static void configure(String resource, Map<String, String> properties) {
        LoggerContext ctx = context();
        ctx.reset();
        properties.forEach(ctx::putProperty);
        long since = System.currentTimeMillis();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        URL url = LogbackHarness.class.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        try {
            joran.doConfigure(url);
        } catch (JoranException e) {
            throw new AssertionError("Logback refused " + resource, e);
        }
        List<String> errors = statusesAtLeast(Status.ERROR, since);
        if (!errors.isEmpty()) {
            throw new AssertionError("Logback reported errors for " + resource + ": " + errors);
        }
    }

    /** Status messages of at least {@code level} since {@code sinceMillis}. */
    static List<String> statusesAtLeast(int level, long sinceMillis) {
        List<String> out = new ArrayList<>();
        for (Status s : context().getStatusManager().getCopyOfStatusList()) {
            if (s.getEffectiveLevel() >= level && s.getDate() >= sinceMillis) {
                out.add(s.getMessage());
            }
        }
        return out;
    }

    /**
     * A loopback WireMock server answering 200 to every POST, and in {@code props} what the test
     * XMLs read: {@code WIREMOCK_PORT}, {@code OUTBOX_DIR} and {@code DESTINATION} (on that server).
     */
    static WireMockServer startBackend(Map<String, String> props, Path outbox) {
        WireMockServer wm =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        wm.stubFor(post(urlPathMatching("/.*")).willReturn(ok()));
        props.put("WIREMOCK_PORT", Integer.toString(wm.port()));
        props.put("OUTBOX_DIR", outbox.toString());
        props.put("DESTINATION", "testhttp+http://127.0.0.1:" + wm.port() + "/events");
        return wm;
    }

    /** Stops the appenders, then a client still running, then the backend. */
    static void stopAll(WireMockServer wm) {
        reset();
        Telltale.close();
        wm.stop();
    }

    /** Stops every appender (and with it a client an appender started). */
    static void reset() {
        context().reset();
    }

    /** JSON bodies received at {@code path}, in arrival order. */
    static List<JsonNode> events(WireMockServer wm, String path) {
        List<LoggedRequest> requests = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo(path))));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : requests) {
            try {
                out.add(JSON.readTree(r.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Polls {@code condition} until it holds or {@code millis} pass (the shared test kit's {@link Poll}). */
    static boolean await(long millis, BooleanSupplier condition) {
        return Poll.until(millis, condition);
    }

    /** Breadcrumbs of an event that came from log lines. */
    static List<JsonNode> logCrumbs(JsonNode event) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode b : event.path("breadcrumbs")) {
            if ("log".equals(b.path("type").asText())) {
                out.add(b);
            }
        }
        return out;
    }
}
