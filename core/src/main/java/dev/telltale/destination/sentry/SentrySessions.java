package dev.telltale.destination.sentry;

import dev.telltale.destination.Payload;
import dev.telltale.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Release health for Sentry, opted into with {@code ?sessions=true} on the DSN (as BugSnag's
 * {@code sessions=true}): one session per process run, like the BugSnag and Bugnet sessions,
 * reported at close as a server-mode aggregate ({@code sessions} envelope item:
 * {@code aggregates: [{started, exited|errored|crashed: 1}]}, {@code attrs: {release, environment}})
 * so Sentry shows crash-free rates per release. Sentry drops sessions without a release, so none is
 * sent then (one diagnostic line at start). The state is written by the sender thread (encode) and
 * read by the closing thread (stop): volatile fields. Limit: an error captured just before close
 * and first encoded after {@code stop} (close's leftovers) does not make the session "errored".
 */
final class SentrySessions {
    private final String version;
    private volatile long startedAt;
    private volatile boolean errored;

    /** The session starts with the destination (the client's start), not when the sender thread first runs. */
    SentrySessions(String version, long now) {
        this.version = version;
        this.startedAt = now;
    }

    /** An event was sent in this session: a handled error makes it "errored". */
    void sawError() {
        errored = true;
    }

    /** The session's status at the end: {@code crashed} (an unhandled crash), {@code errored}, or {@code exited}. */
    String status(boolean crashed) {
        return crashed ? "crashed" : errored ? "errored" : "exited";
    }

    /** The sessions envelope of this run, or null when no session was started. */
    Payload end(boolean crashed, String release, String environment, long now) throws IOException {
        long start = startedAt;
        if (start == 0) {
            return null;
        }
        startedAt = 0;
        String status = status(crashed);
        byte[] item = Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("aggregates");
            g.writeStartObject();
            g.writeStringField("started", Json.iso(start - start % 60_000L));
            g.writeNumberField(status, 1);
            g.writeEndObject();
            g.writeEndArray();
            g.writeObjectFieldStart("attrs");
            g.writeStringField("release", release);
            Json.stringIfPresent(g, "environment", environment);
            g.writeEndObject();
            g.writeEndObject();
        });
        byte[] header = Json.write(g -> {
            g.writeStartObject();
            SentryEventJson.writeSdk(g, version, false);
            g.writeEndObject();
        });
        byte[] itemHeader = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "sessions");
            g.writeNumberField("length", item.length);
            g.writeEndObject();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        out.write('\n');
        out.write(itemHeader);
        out.write('\n');
        out.write(item);
        out.write('\n');
        return new Payload("", Payload.CATEGORY_SESSION, SentryDestination.CONTENT_TYPE, out.toByteArray(), now);
    }
}
