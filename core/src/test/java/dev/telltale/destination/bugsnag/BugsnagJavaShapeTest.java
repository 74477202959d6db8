package dev.telltale.destination.bugsnag;

import static dev.telltale.testkit.JsonTree.at;
import static dev.telltale.testkit.JsonTree.list;
import static dev.telltale.testkit.JsonTree.obj;
import static dev.telltale.testkit.JsonTree.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bugsnag.Bugsnag;
import com.bugsnag.Severity;
import com.bugsnag.delivery.Delivery;
import com.bugsnag.serialization.Serializer;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Payload;
import dev.telltale.event.RequestInfo;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.RecordingContext;
import dev.telltale.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the shape of Telltale's BugSnag payloads with what bugsnag-java (the reference notifier)
 * sends for the same throwable: every field it sends, Telltale sends too, with the same meaning.
 */
class BugsnagJavaShapeTest {
    private static final String KEY = "c9d60ae4c7e70c4b6c4ebd3e8056d2b8";

    @Test
    void sendsEveryFieldBugsnagJavaSendsForTheSameThrowable() throws Exception {
        RuntimeException thrown = new RuntimeException("Order 42 failed", new IllegalStateException("db down"));
        List<byte[]> reference = referencePayloads(thrown);
        Map<String, Object> theirs = JsonTree.object(reference.get(0));
        Map<String, Object> theirSessions = JsonTree.object(reference.get(1));

        Destination d = new BugsnagDestinationFactory()
                .create("bugsnag+http://" + KEY + "@127.0.0.1:1?sessions=true", TestEvents.settings());
        RecordingContext ctx = new RecordingContext(TestEvents.settings());
        d.start(ctx);
        Event e = TestEvents.of(thrown).toBuilder()
                .fingerprint(Collections.singletonList("g"))
                .user(User.builder().id("u").email("e@x").username("ann").build())
                .request(RequestInfo.builder()
                        .method("GET")
                        .url("http://h/x")
                        .route("/x")
                        .build())
                .build();
        Payload p = d.encode(e);
        Map<String, Object> ours = JsonTree.object(BugsnagDestination.withApiKey(p.body(), KEY));
        Map<String, Object> ourSessions = JsonTree.object(ctx.submitted.get(0).body());

        covers(ours, theirs);
        covers(at(ours, "notifier"), at(theirs, "notifier"));
        Object ev = at(ours, "events", 0);
        Object ref = at(theirs, "events", 0);
        covers(ev, ref);
        for (String part : Arrays.asList("app", "device", "user", "session")) {
            covers(at(ev, part), at(ref, part));
        }
        covers(at(ev, "device", "runtimeVersions"), at(ref, "device", "runtimeVersions"));
        covers(at(ev, "session", "events"), at(ref, "session", "events"));
        Set<String> theirDeviceTab =
                new TreeSet<>(obj(ref, "metaData", "device").keySet());
        theirDeviceTab.remove("locale"); // the JVM's default locale says nothing about the error
        assertTrue(obj(ev, "metaData", "device").keySet().containsAll(theirDeviceTab));

        // the same exceptions, in the same order, with the same frames; a cause's frames shared with
        // the exception above it are summed up in one marker frame, as the JVM prints "... n more"
        List<Object> ourXs = list(ev, "exceptions");
        List<Object> theirXs = list(ref, "exceptions");
        assertEquals(theirXs.size(), ourXs.size());
        for (int i = 0; i < theirXs.size(); i++) {
            covers(ourXs.get(i), theirXs.get(i));
            assertEquals(str(theirXs.get(i), "errorClass"), str(ourXs.get(i), "errorClass"));
            assertEquals(str(theirXs.get(i), "message"), str(ourXs.get(i), "message"));
            List<Object> ourFrames = new ArrayList<>(list(ourXs.get(i), "stacktrace"));
            List<Object> theirFrames = list(theirXs.get(i), "stacktrace");
            String last = ourFrames.isEmpty() ? "" : str(ourFrames.get(ourFrames.size() - 1), "method");
            if (last.startsWith("[... ")) {
                int more = Integer.parseInt(last.substring(5, last.indexOf(' ', 5)));
                ourFrames.remove(ourFrames.size() - 1);
                assertTrue(i > 0 && more > 0, "only a cause elides frames");
                assertEquals(theirFrames.size(), ourFrames.size() + more, "frames kept + frames in common");
            } else {
                assertEquals(theirFrames.size(), ourFrames.size());
            }
            for (int f = 0; f < ourFrames.size(); f++) {
                assertEquals(str(theirFrames.get(f), "method"), str(ourFrames.get(f), "method"));
                assertEquals(str(theirFrames.get(f), "file"), str(ourFrames.get(f), "file"));
                long line = (Long) at(theirFrames.get(f), "lineNumber");
                if (line >= 0) { // bugsnag-java sends -2 for native frames; Telltale leaves an unknown line out
                    assertEquals(line, at(ourFrames.get(f), "lineNumber"));
                    covers(ourFrames.get(f), theirFrames.get(f));
                }
            }
        }
        for (String field : Arrays.asList("severity", "context", "groupingHash", "payloadVersion")) {
            assertEquals(at(ref, field), at(ev, field), field);
        }
        assertEquals(at(ref, "unhandled"), at(ev, "unhandled"));
        assertEquals(obj(ref, "user"), obj(ev, "user"));

        covers(ourSessions, theirSessions);
        covers(at(ourSessions, "device"), at(theirSessions, "device"));
        covers(at(ourSessions, "device", "runtimeVersions"), at(theirSessions, "device", "runtimeVersions"));
        covers(at(ourSessions, "sessionCounts", 0), at(theirSessions, "sessionCounts", 0));
    }

    /** Every key of bugsnag-java's object is in ours. */
    private static void covers(Object ours, Object theirs) {
        Set<String> missing = new TreeSet<>(((Map<?, ?>) theirs)
                .keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
        missing.removeAll(
                ((Map<?, ?>) ours).keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
        assertTrue(missing.isEmpty(), "bugsnag-java sends " + missing + " which Telltale does not: " + ours);
    }

    /** bugsnag-java's notify body and its session body for one throwable, caught at its delivery boundary. */
    private static List<byte[]> referencePayloads(Throwable t) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Delivery capture = new Delivery() {
            @Override
            public void deliver(Serializer serializer, Object object, Map<String, String> headers) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try {
                    serializer.writeToStream(b, object);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                synchronized (out) {
                    out.add(b.toByteArray());
                }
            }

            @Override
            public void close() {}
        };
        Bugsnag bugsnag = new Bugsnag(KEY, false);
        try {
            bugsnag.setDelivery(capture);
            bugsnag.setSessionDelivery(capture);
            bugsnag.setAppVersion("shop@1.4.2");
            bugsnag.setReleaseStage("staging");
            bugsnag.setAppType("java");
            bugsnag.startSession();
            bugsnag.notify(
                    t,
                    Severity.ERROR,
                    r -> r.setContext("GET /x").setUser("u", "e@x", "ann").setGroupingHash("g"));
        } finally {
            bugsnag.close(); // flushes the session counts
        }
        synchronized (out) {
            assertEquals(2, out.size(), "bugsnag-java sent one event and one session payload");
            return out;
        }
    }
}
