package dev.telltale.internal.util;

/** String hygiene shared by the model and the encoders: never a lone surrogate, never unbounded. */
public final class Strings {
    public static final char REPLACEMENT = '\uFFFD';
    /** Marker appended to a string that was cut. */
    public static final String ELLIPSIS = "\u2026";

    private Strings() {}

    /** Returns {@code s} or {@code ""} for null. */
    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * A piece of a refused value that is safe to echo in a message: at most 64 characters,
     * printable ASCII only (anything else becomes '?'), so no control character or line break
     * reaches a diagnostic line.
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    public static boolean isBlank(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code s} cut to {@code maxChars} (as {@link #clean} cuts), or {@code ""} for null; a string
     * within the bound is returned as is, unscanned: for the application's thread, where only the
     * memory bound matters. Whoever reads the value later must {@link #clean} it before encoding.
     */
    public static String bound(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        return s.length() <= maxChars ? s : clean(s, maxChars);
    }

    /**
     * Makes {@code s} safe to encode: lone surrogates become U+FFFD and the result has at most
     * {@code maxChars} chars (an ellipsis marks a cut; a surrogate pair is never split).
     * Returns the same instance when nothing had to change, so clean input costs no allocation.
     */
    public static String clean(String s, int maxChars) {
        if (s == null || maxChars <= 0) {
            return ""; // no room even for the ellipsis
        }
        int len = s.length();
        boolean tooLong = len > maxChars;
        int end = tooLong ? Math.max(0, maxChars - 1) : len;
        if (tooLong && end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        int bad = firstLoneSurrogate(s, end);
        if (bad < 0 && !tooLong) {
            return s;
        }
        StringBuilder b = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append(REPLACEMENT);
                }
            } else if (Character.isLowSurrogate(c)) {
                b.append(REPLACEMENT);
            } else {
                b.append(c);
            }
        }
        if (tooLong) {
            b.append(ELLIPSIS);
        }
        return b.toString();
    }

    private static int firstLoneSurrogate(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    /** {@code String.valueOf(o)} that survives a throwing {@code toString()}. */
    public static String safeToString(Object o) {
        if (o == null) {
            return "null";
        }
        try {
            String s = o.toString();
            return s == null ? "null" : s;
        } catch (Throwable t) {
            return "<" + o.getClass().getName() + ".toString() threw "
                    + t.getClass().getName() + ">";
        }
    }

    /** Lower-case hex of the bytes. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        final char[] digits = "0123456789abcdef".toCharArray();
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = digits[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
