package dev.telltale.processing;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client-side grouping of an event that has no fingerprint of its own (from the capture or the
 * scope, which always win). One rule, so that Sentry and Bugsink (both group by the fingerprint
 * alone when there is one) and BugSnag (its {@code groupingHash}) agree:
 *
 * <pre>
 * exception: ["telltale:1", lead exception type, its message normalised, where: the innermost in-app frame
 *             as class.method (no line number), else the innermost frame]
 * message:   ["telltale:1", "message", logger, the template (else the message) normalised]
 * </pre>
 *
 * Normalised: UUIDs, e-mail addresses, URLs, IP addresses, hex ids, dates, quoted values and
 * numbers become placeholders, whitespace collapses, at most 200 characters. Class and method
 * names lose their generated numbering ({@link GeneratedNames}) here, in the fingerprint only: the
 * frames keep what the JVM printed, so that a reader can match them with a thread dump or a log. Trade-offs: line numbers and
 * deeper frames are left out, so a deploy that moves code does not split an issue, but two bugs that
 * throw the same type with the same message shape from the same method group together; a message
 * that differs only in values (ids, amounts, names in quotes) groups together even where the value
 * was the whole difference. The type of the wrapper is never used: {@link Event#leadException()}.
 */
public final class Fingerprint {
    /** Bumped when the rule changes, so that old and new groups do not silently mix. */
    public static final String VERSION = "telltale:1";

    static final int MAX_MESSAGE = 200;

    private static final Pattern[][] RULES = {
        {Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), null},
        {Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"), null},
        {Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>]+"), null},
        {Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b"), null},
        {
            Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}"
                    + "(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"),
            null
        },
        {Pattern.compile("'[^'\\n]{0,200}'|\"[^\"\\n]{0,200}\"|`[^`\\n]{0,200}`"), null},
        {Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b"), null
        },
        {Pattern.compile("(?<![A-Za-z_])[-+]?\\d+(?:[.,]\\d+)*"), null},
        {Pattern.compile("\\s+"), null},
    };
    private static final String[] PLACEHOLDERS = {
        "<uuid>", "<email>", "<url>", "<ip>", "<date>", "<quoted>", "<hex>", "<num>", " "
    };

    private Fingerprint() {}

    /** The event's fingerprint under the rule above (never empty). */
    public static List<String> of(Event e) {
        ExceptionInfo lead = e.leadException();
        if (lead == null) {
            String text = e.messageTemplate().isEmpty() ? e.message() : e.messageTemplate();
            return Arrays.asList(VERSION, "message", e.logger(), normalize(text));
        }
        List<String> out = new ArrayList<>(4);
        out.add(VERSION);
        out.add(GeneratedNames.className(lead.type()));
        out.add(normalize(lead.message()));
        out.add(where(e, lead));
        return out;
    }

    /** The innermost in-app frame of the lead exception or, failing that, of its causes; else the innermost frame. */
    static String where(Event e, ExceptionInfo lead) {
        for (ExceptionInfo x = lead; x != null; x = causeOf(e, x)) {
            for (StackFrame f : x.frames()) {
                if (f.inApp()) {
                    return name(f);
                }
            }
        }
        return lead.frames().isEmpty() ? "" : name(lead.frames().get(0));
    }

    /** {@code class.method} without generated numbering (frames themselves keep what the JVM printed). */
    static String name(StackFrame f) {
        return GeneratedNames.className(f.className()) + "." + GeneratedNames.methodName(f.methodName());
    }

    private static ExceptionInfo causeOf(Event e, ExceptionInfo x) {
        for (ExceptionInfo c : e.exceptions()) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.CAUSE && c != x) {
                return c;
            }
        }
        return null;
    }

    /** A message with its per-occurrence values replaced by placeholders. */
    public static String normalize(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String s = message.length() > 4 * MAX_MESSAGE ? message.substring(0, 4 * MAX_MESSAGE) : message;
        for (int i = 0; i < RULES.length; i++) {
            s = RULES[i][0].matcher(s).replaceAll(PLACEHOLDERS[i]);
        }
        s = s.trim();
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) : s;
    }

    /** True for a fingerprint this rule made (a user's own is never replaced or changed). */
    public static boolean isOwn(List<String> fingerprint) {
        return !fingerprint.isEmpty() && VERSION.equals(fingerprint.get(0).toLowerCase(Locale.ROOT));
    }
}
