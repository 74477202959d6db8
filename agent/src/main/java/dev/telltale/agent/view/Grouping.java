package dev.telltale.agent.view;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which issue an event belongs to. An event that carries a fingerprint is grouped by it (the
 * grouping rule of the core; {@code {{ default }}} stands for the rule below, as in Sentry).
 * Otherwise: the type of the exception that matters (a wrapper that only carries a cause gives way
 * to it), the top in-app frame with generated names normalised, and the message with the parts
 * that vary per occurrence (ids, numbers, quoted values) replaced; for an event without an
 * exception, the message template or the normalised message.
 */
final class Grouping {
    private static final Pattern UUID =
            Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
    private static final Pattern HEX =
            Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda[$/][0-9a-zA-Z/$.]*");
    private static final Pattern LAMBDA_METHOD = Pattern.compile("(lambda\\$[\\w]+)\\$\\d+");
    private static final Pattern GENERATED = Pattern.compile(
            "\\$Proxy\\d+|\\$\\$(SpringCGLIB|EnhancerBySpringCGLIB|EnhancerByCGLIB|FastClassBySpringCGLIB)\\$\\$[0-9a-fA-F]*"
                    + "|\\$HibernateProxy\\$\\w+|\\$ByteBuddy\\$\\w+"
                    + "|(?<=GeneratedMethodAccessor|GeneratedConstructorAccessor)\\d+"
                    + "|(?<=jdk\\.proxy)\\d+");
    private static final String[] WRAPPERS = {
        "javax.servlet.ServletException", "jakarta.servlet.ServletException",
        "java.util.concurrent.ExecutionException", "java.util.concurrent.CompletionException",
        "java.lang.reflect.UndeclaredThrowableException", "java.lang.reflect.InvocationTargetException",
    };
    private static final int MAX_MESSAGE = 300;

    private Grouping() {}

    static String key(Map<String, Object> event) {
        List<String> fingerprint = JsonTree.strings(event, "fingerprint");
        if (!fingerprint.isEmpty()) {
            StringBuilder b = new StringBuilder("fp");
            for (String part : fingerprint) {
                b.append('\n').append(part.replaceAll("\\s", "").equals("{{default}}") ? defaultKey(event) : part);
            }
            return b.toString();
        }
        return defaultKey(event);
    }

    static String defaultKey(Map<String, Object> event) {
        List<Object> chain = JsonTree.list(event, "exceptions");
        if (chain.isEmpty()) {
            String template = JsonTree.str(event, "messageTemplate");
            String text = template.isEmpty() ? normalise(message(event)) : template;
            return "msg\n" + JsonTree.str(event, "logger") + "\n" + text;
        }
        Object x = significant(event, chain);
        return "exc\n" + normaliseName(JsonTree.str(x, "type")) + "\n" + topInAppFrame(chain, x) + "\n"
                + normalise(JsonTree.str(x, "message"));
    }

    static String message(Map<String, Object> event) {
        String m = JsonTree.str(event, "message");
        return m.isEmpty() ? JsonTree.str(event, "title") : m;
    }

    /**
     * The exception that matters: the one the event names as its lead ({@code leadException}, when
     * the thrown one only wraps it), else the thrown one unless it is a known wrapper around a cause.
     */
    static Object significant(Map<String, Object> event, List<Object> chain) {
        String lead = JsonTree.str(event, "leadException");
        if (!lead.isEmpty()) {
            for (Object y : chain) {
                if (lead.equals(JsonTree.str(y, "id"))) {
                    return y;
                }
            }
        }
        Object x = chain.get(0);
        for (int hops = 0; hops < chain.size() && isWrapper(JsonTree.str(x, "type")); hops++) {
            Object cause = causeOf(chain, x);
            if (cause == null) {
                break;
            }
            x = cause;
        }
        return x;
    }

    static Object causeOf(List<Object> chain, Object x) {
        String id = JsonTree.str(x, "id");
        if (id.isEmpty()) {
            int i = chain.indexOf(x);
            return i >= 0 && i + 1 < chain.size() ? chain.get(i + 1) : null;
        }
        for (Object y : chain) {
            if (id.equals(JsonTree.str(y, "parentId")) && !"suppressed".equals(JsonTree.str(y, "relation"))) {
                return y;
            }
        }
        return null;
    }

    private static boolean isWrapper(String type) {
        for (String w : WRAPPERS) {
            if (w.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code class.method} of the first in-app frame of {@code x}, else of the chain, else its first frame. */
    static String topInAppFrame(List<Object> chain, Object x) {
        String own = firstInApp(x);
        if (!own.isEmpty()) {
            return own;
        }
        for (Object y : chain) {
            String f = firstInApp(y);
            if (!f.isEmpty()) {
                return f;
            }
        }
        List<Object> frames = JsonTree.list(x, "frames");
        return frames.isEmpty() ? "" : frameName(frames.get(0));
    }

    private static String firstInApp(Object x) {
        for (Object f : JsonTree.list(x, "frames")) {
            if (Boolean.TRUE.equals(JsonTree.get(f, "inApp"))) {
                return frameName(f);
            }
        }
        return "";
    }

    static String frameName(Object frame) {
        return normaliseName(JsonTree.str(frame, "class")) + "." + normaliseName(JsonTree.str(frame, "method"));
    }

    static String normaliseName(String name) {
        String n = LAMBDA.matcher(name).replaceAll("\\$\\$Lambda");
        n = LAMBDA_METHOD.matcher(n).replaceAll("$1");
        return GENERATED.matcher(n).replaceAll("");
    }

    /** The message with what varies between occurrences of one bug replaced by placeholders. */
    static String normalise(String message) {
        String m = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        m = UUID.matcher(m).replaceAll("<uuid>");
        m = EMAIL.matcher(m).replaceAll("<email>");
        m = QUOTED.matcher(m).replaceAll("<str>");
        m = HEX.matcher(m).replaceAll("<hex>");
        return NUMBER.matcher(m).replaceAll("<n>");
    }
}
