package dev.telltale.event;

/** How an event was captured. Immutable. */
public final class Mechanism {
    public static final Mechanism MANUAL = new Mechanism("manual", true);
    public static final Mechanism UNCAUGHT = new Mechanism("UncaughtExceptionHandler", false);

    private final String type;
    private final boolean handled;

    public Mechanism(String type, boolean handled) {
        this.type = type == null || type.isEmpty() ? "generic" : type;
        this.handled = handled;
    }

    /** {@code manual}, {@code UncaughtExceptionHandler}, {@code logback}, {@code servlet}, {@code executor}, ... */
    public String type() {
        return type;
    }

    /** False when the application did not handle the error (it escaped to a thread or request boundary). */
    public boolean handled() {
        return handled;
    }

    @Override
    public String toString() {
        return type + (handled ? "(handled)" : "(unhandled)");
    }
}
