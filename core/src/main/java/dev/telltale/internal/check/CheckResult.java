package dev.telltale.internal.check;

/** One destination's verdict: accepted or not, and what its read API showed. Secret-free. */
public final class CheckResult {
    /** What the read-back came to. */
    public enum ReadState {
        /** No read credential for this destination: only acceptance was checked. */
        NOT_CONFIGURED,
        /** The canary was found through the read API. */
        VISIBLE,
        /** The read API answered, but the canary did not show up in time. */
        NOT_VISIBLE,
        /** The read API refused (token, project) or could not be reached. */
        FAILED,
        /** Not tried: the canary was not accepted. */
        SKIPPED
    }

    final String destination;
    final boolean accepted;
    final int status;
    final long acceptMillis;
    final String acceptDetail;
    final ReadState readState;
    final String readApi;
    final long visibleAfterMillis;
    final Sighting sighting;
    final String readDetail;

    CheckResult(
            String destination,
            boolean accepted,
            int status,
            long acceptMillis,
            String acceptDetail,
            ReadState readState,
            String readApi,
            long visibleAfterMillis,
            Sighting sighting,
            String readDetail) {
        this.destination = destination;
        this.accepted = accepted;
        this.status = status;
        this.acceptMillis = acceptMillis;
        this.acceptDetail = acceptDetail == null ? "" : acceptDetail;
        this.readState = readState;
        this.readApi = readApi == null ? "" : readApi;
        this.visibleAfterMillis = visibleAfterMillis;
        this.sighting = sighting;
        this.readDetail = readDetail == null ? "" : readDetail;
    }

    public String destination() {
        return destination;
    }

    public boolean accepted() {
        return accepted;
    }

    /** The HTTP status of the accepting answer; 0 for a local destination or when there was none. */
    public int status() {
        return status;
    }

    public ReadState readState() {
        return readState;
    }

    /** Seconds-resolution wait until the read API showed the canary; -1 when it did not. */
    public long visibleAfterMillis() {
        return visibleAfterMillis;
    }

    /** The backend's issue (or bug, error, report) id; empty when not seen. */
    public String issue() {
        return sighting == null ? "" : sighting.issue;
    }

    public String issueUrl() {
        return sighting == null ? "" : sighting.url;
    }

    /** The canary's top frame as the backend shows it, e.g. {@code Canary.java:25 in `...raise` [in-app]}. */
    public String topFrame() {
        return sighting == null ? "" : sighting.topFrame;
    }

    /** Accepted, and (when a read credential was given) seen through the read API. */
    public boolean ok() {
        return accepted && (readState == ReadState.NOT_CONFIGURED || readState == ReadState.VISIBLE);
    }

    /** One line: {@code OK|FAIL  name  accepted (HTTP 200, 35 ms); visible after 2.0 s ...}. */
    public String line() {
        StringBuilder b = new StringBuilder(ok() ? "OK    " : "FAIL  ")
                .append(destination)
                .append("  ");
        if (!accepted) {
            return b.append("NOT accepted")
                    .append(acceptMillis >= 0 ? " after " + acceptMillis + " ms" : "")
                    .append(": ")
                    .append(acceptDetail)
                    .toString();
        }
        b.append("accepted (")
                .append(status > 0 ? "HTTP " + status + ", " : "")
                .append(acceptMillis)
                .append(" ms)");
        switch (readState) {
            case NOT_CONFIGURED:
                b.append("; only acceptance checked (no read-api credential for it)");
                break;
            case VISIBLE:
                b.append("; visible after ")
                        .append(String.format(java.util.Locale.ROOT, "%.1f", visibleAfterMillis / 1000.0))
                        .append(" s via ")
                        .append(readApi);
                if (sighting != null && !sighting.issue.isEmpty()) {
                    b.append("; issue ").append(sighting.issue);
                }
                if (sighting != null && !sighting.url.isEmpty()) {
                    b.append(" ").append(sighting.url);
                }
                if (sighting != null && !sighting.topFrame.isEmpty()) {
                    b.append("; top frame ").append(sighting.topFrame);
                }
                break;
            case NOT_VISIBLE:
                b.append("; NOT visible via ")
                        .append(readApi)
                        .append(" within the time limit")
                        .append(readDetail.isEmpty() ? "" : " (" + readDetail + ")");
                break;
            case FAILED:
                b.append("; read-back via ").append(readApi).append(" failed: ").append(readDetail);
                break;
            default:
                break;
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return line();
    }
}
