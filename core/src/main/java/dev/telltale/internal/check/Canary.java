package dev.telltale.internal.check;

/**
 * The event {@code test} sends: an exception thrown here (so every backend shows a stack trace
 * whose top frame is {@link #raise}), with a per-run nonce in its message, because the bug-report
 * API merges reports with the same message within 24 hours and a read API must find this one.
 */
final class Canary {
    final String eventId;
    final String nonce;
    final String message;
    final long sentAt;

    Canary(String eventId, long sentAt) {
        this.eventId = eventId;
        this.sentAt = sentAt;
        this.nonce = "tt" + eventId.substring(0, 10);
        this.message = "Telltale canary " + nonce + " (sent by 'telltale test'; safe to resolve)";
    }

    /** The canary's exception, thrown and caught so that it has a real stack trace. */
    CanaryException raise() {
        try {
            throw new CanaryException(message);
        } catch (CanaryException e) {
            return e;
        }
    }

    /** Whether a text a backend shows (a title, a message) is this run's canary. */
    boolean matches(String text) {
        return text != null && text.contains(nonce);
    }

    /** Event ids compare without dashes and case (Bugsink shows the UUID with dashes). */
    boolean isEventId(String id) {
        return id != null && id.replace("-", "").equalsIgnoreCase(eventId);
    }

    /** The canary's exception type: its name says what it is in every backend's issue list. */
    static final class CanaryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CanaryException(String message) {
            super(message);
        }
    }
}
