package dev.telltale.internal.util;

/**
 * SLF4J-style message templates: each {@code {}} takes the next argument; {@code \{}} is a literal
 * {@code {}}, {@code \\{}} a backslash followed by the argument; once the arguments run out the rest
 * is literal. Same output as SLF4J's formatter for strings, boxed primitives and null, so a log
 * line's breadcrumb reads as the line does.
 */
public final class MessageTemplate {
    /** More arguments than this: the caller formats at once instead of keeping them. */
    static final int MAX_ARGS = 16;

    private MessageTemplate() {}

    /**
     * A copy of {@code args} safe to keep and format later on another thread, or null when the
     * template and arguments are too big to keep cheaply (then format now). Strings and boxed
     * primitives are immutable and kept (strings cut to what a message of {@code maxChars} can
     * show); anything else becomes its string now, so a later change cannot alter the message.
     * Holds at most {@code 2 * maxChars} template chars and about {@code maxChars} argument chars.
     */
    public static Object[] snapshot(String template, Object[] args, int maxChars) {
        if (args.length > MAX_ARGS || template.length() > 2 * maxChars) {
            return null;
        }
        Object[] out = new Object[args.length];
        // An argument's text starts after all the earlier arguments' text: past maxChars + 1 of
        // them in total nothing more can show in a message cut at maxChars.
        int budget = maxChars + 1;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null || isImmutableScalar(a)) {
                out[i] = a;
                budget -= a == null ? 4 : 1; // a lower bound of what it prints; keeps the budget safe
            } else {
                if (a.getClass().isArray()) {
                    return null; // SLF4J's array rendering: leave it to the caller's own formatting
                }
                String s = a instanceof String ? (String) a : Strings.safeToString(a);
                int keep = Math.max(0, budget);
                // A cut may split a surrogate pair; the cut end lies past maxChars, where the final cut drops it.
                out[i] = s.length() > keep ? s.substring(0, keep) : s;
                budget -= Math.min(s.length(), keep);
            }
        }
        return out;
    }

    /** Null, a string or a boxed primitive: formatted the same by SLF4J and here, and immutable. */
    public static boolean isPlain(Object a) {
        return a == null || a.getClass() == String.class || isImmutableScalar(a);
    }

    private static boolean isImmutableScalar(Object a) {
        Class<?> c = a.getClass();
        return c == Integer.class
                || c == Long.class
                || c == Boolean.class
                || c == Character.class
                || c == Double.class
                || c == Float.class
                || c == Short.class
                || c == Byte.class;
    }

    /** Formats {@code template} with {@code args}; a null template gives {@code ""}. */
    public static String format(String template, Object[] args) {
        if (template == null) {
            return "";
        }
        if (args == null || args.length == 0) {
            return template;
        }
        StringBuilder b = new StringBuilder(template.length() + 32);
        int i = 0;
        for (int n = 0; n < args.length; n++) {
            int j = template.indexOf("{}", i);
            if (j < 0) {
                break;
            }
            if (j > 0 && template.charAt(j - 1) == '\\') {
                if (j > 1 && template.charAt(j - 2) == '\\') {
                    b.append(template, i, j - 1); // "\\{}": one backslash, then the argument
                    b.append(Strings.safeToString(args[n]));
                    i = j + 2;
                } else {
                    b.append(template, i, j - 1).append('{'); // "\{}": a literal "{}", no argument used
                    i = j + 1;
                    n--;
                }
            } else {
                b.append(template, i, j);
                b.append(Strings.safeToString(args[n]));
                i = j + 2;
            }
        }
        b.append(template, i, template.length());
        return b.toString();
    }
}
