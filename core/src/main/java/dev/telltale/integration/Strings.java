package dev.telltale.integration;

/** Values from outside (a request's URL, a header, a parameter) made safe for an event. */
public final class Strings {
    private Strings() {}

    /** {@code s}, or {@code ""} for null. */
    public static String orEmpty(String s) {
        return dev.telltale.internal.util.Strings.orEmpty(s);
    }

    /**
     * Lone surrogates become U+FFFD and the result has at most {@code maxChars} chars (an ellipsis
     * marks a cut); null gives {@code ""}. Clean input is returned as is, without allocation.
     */
    public static String clean(String s, int maxChars) {
        return dev.telltale.internal.util.Strings.clean(s, maxChars);
    }
}
