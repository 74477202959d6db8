package dev.telltale.internal.check;

import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import java.io.IOException;

/** Sends the canary to one destination, then polls its read API; runs on its own thread. */
final class DestinationCheck implements Runnable {
    static final int MAX_SEND_ATTEMPTS = 2;
    static final long FIRST_POLL_MILLIS = 1_000L;
    static final long MAX_POLL_MILLIS = 5_000L;

    final Destination destination;
    final CheckHttp http;
    private final ReadBack readBack;
    private final Event event;
    private final Canary canary;
    private volatile CheckResult result;
    private volatile int lastStatus;

    DestinationCheck(Destination destination, ReadBack readBack, Event event, Canary canary, CheckHttp http) {
        this.destination = destination;
        this.readBack = readBack;
        this.event = event;
        this.canary = canary;
        this.http = http;
    }

    CheckResult result() {
        CheckResult r = result;
        return r != null
                ? r
                : new CheckResult(
                        destination.name(),
                        false,
                        0,
                        -1,
                        "no answer within the time limit",
                        CheckResult.ReadState.SKIPPED,
                        "",
                        -1,
                        null,
                        "");
    }

    @Override
    public void run() {
        try {
            result = check();
        } catch (Throwable e) {
            result = new CheckResult(
                    destination.name(),
                    false,
                    lastStatus,
                    -1,
                    "the check failed: " + e.getClass().getSimpleName(),
                    CheckResult.ReadState.SKIPPED,
                    "",
                    -1,
                    null,
                    "");
        }
    }

    private CheckResult check() throws IOException {
        String name = destination.name();
        if (event == null) {
            return new CheckResult(
                    name,
                    false,
                    0,
                    -1,
                    "the canary could not be built",
                    CheckResult.ReadState.SKIPPED,
                    "",
                    -1,
                    null,
                    "");
        }
        Payload payload = destination.encode(event);
        Transport recording = (url, headers, body, gzip) -> {
            HttpResponse r = http.post(url, headers, body, gzip);
            lastStatus = r.status();
            return r;
        };
        long t0 = System.nanoTime();
        String failure = "";
        boolean accepted = false;
        for (int attempt = 1; attempt <= MAX_SEND_ATTEMPTS && !accepted; attempt++) {
            try {
                Outcome o = destination.deliver(payload, recording);
                accepted = o.kind() == Outcome.Kind.DELIVERED
                        || (o.kind() == Outcome.Kind.RATE_LIMITED && o.status() >= 200 && o.status() < 300);
                if (!accepted) {
                    failure = o.toString();
                    if (o.kind() != Outcome.Kind.RETRY || !http.pause(1_000L)) {
                        break;
                    }
                }
            } catch (IOException e) {
                failure = "unreachable: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + clean(e.getMessage()));
                // refused, unknown host, no answer to connect: trying again at once would only double the wait
                boolean noConnection = e instanceof java.net.ConnectException
                        || e instanceof java.net.UnknownHostException
                        || String.valueOf(e.getMessage()).contains("connect timed out");
                if (noConnection || http.remainingMillis() <= 0 || !http.pause(1_000L)) {
                    break;
                }
            }
        }
        long sentMillis = (System.nanoTime() - t0) / 1_000_000L;
        if (!accepted) {
            return new CheckResult(
                    name, false, lastStatus, sentMillis, failure, CheckResult.ReadState.SKIPPED, "", -1, null, "");
        }
        if (readBack == null) {
            return new CheckResult(
                    name, true, lastStatus, sentMillis, "", CheckResult.ReadState.NOT_CONFIGURED, "", -1, null, "");
        }
        return poll(name, sentMillis, t0);
    }

    private CheckResult poll(String name, long sentMillis, long t0) {
        int status = lastStatus;
        String api = readBack.describe();
        long wait = FIRST_POLL_MILLIS;
        String last = "";
        while (true) {
            long waitNext = wait;
            try {
                Sighting s = readBack.find(canary, http);
                if (s != null) {
                    long after = (System.nanoTime() - t0) / 1_000_000L;
                    return new CheckResult(
                            name, true, status, sentMillis, "", CheckResult.ReadState.VISIBLE, api, after, s, "");
                }
                last = "";
            } catch (ReadFailure f) {
                if (f.permanent) {
                    return new CheckResult(
                            name,
                            true,
                            status,
                            sentMillis,
                            "",
                            CheckResult.ReadState.FAILED,
                            api,
                            -1,
                            null,
                            f.getMessage());
                }
                last = f.getMessage();
                if (f.waitMillis > 0) {
                    waitNext = f.waitMillis;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + clean(e.getMessage()));
            }
            try {
                if (!http.pause(waitNext)) {
                    break;
                }
            } catch (IOException interrupted) {
                break;
            }
            wait = Math.min(MAX_POLL_MILLIS, wait * 3 / 2);
        }
        return new CheckResult(
                name, true, status, sentMillis, "", CheckResult.ReadState.NOT_VISIBLE, api, -1, null, last);
    }

    /** Exception messages of URL connections may carry a URL; never one with a query (a key could be there). */
    private static String clean(String s) {
        String t = s.length() > 160 ? s.substring(0, 160) : s;
        int q = t.indexOf('?');
        return q >= 0 ? t.substring(0, q) : t;
    }
}
