package dev.telltale;

/** Test access to package-private helpers of the client. */
public final class TelltaleClientAccess {
    private TelltaleClientAccess() {}

    public static String newEventId() {
        return TelltaleClient.newEventId();
    }
}
