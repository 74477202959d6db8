package dev.telltale.internal.check;

/**
 * A read API said no. {@code permanent} (a refused token, an unknown project) ends the polling at
 * once; otherwise the poll tries again, after {@code waitMillis} when the API said how long.
 */
final class ReadFailure extends Exception {
    final boolean permanent;
    final long waitMillis;

    ReadFailure(String message, boolean permanent, long waitMillis) {
        super(message, null, false, false);
        this.permanent = permanent;
        this.waitMillis = waitMillis;
    }
}
