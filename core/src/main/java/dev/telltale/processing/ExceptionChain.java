package dev.telltale.processing;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.ExceptionInfo.Relation;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Strings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a throwable, its causes and suppressed exceptions into {@link ExceptionInfo}s, surviving
 * whatever the throwable does: cycles, self-suppression, methods that throw, lone surrogates,
 * megabyte messages, ten-thousand-frame stacks.
 */
public final class ExceptionChain {
    /** Most exceptions kept from one chain. */
    public static final int MAX_EXCEPTIONS = 32;
    /** Longest exception message kept. */
    public static final int MAX_MESSAGE_CHARS = 8_192;
    /** Frames kept from the innermost end of a deep stack. */
    public static final int KEEP_TOP_FRAMES = 200;
    /** Frames kept from the outermost end of a deep stack. */
    public static final int KEEP_BOTTOM_FRAMES = 50;

    private ExceptionChain() {}

    /**
     * Exceptions kept from the root end of a cause chain longer than {@link #MAX_EXCEPTIONS}: the
     * root cause is usually the real reason, so a cut goes in the middle, never at the end.
     */
    public static final int KEEP_ROOT_CAUSES = 8;
    /** Longest cause chain walked to find its root. */
    static final int MAX_WALK = 100_000;

    /** The chain, thrown exception first, then depth-first: each exception's cause, then its suppressed ones. */
    public static List<ExceptionInfo> of(Throwable thrown) {
        if (thrown == null) {
            return Collections.emptyList();
        }
        List<ExceptionInfo> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        visit(thrown, seen, out);
        return out;
    }

    private static final class Item {
        final Throwable t;
        final int parentId;
        final Relation relation;
        final StackTraceElement[] parentTrace;

        Item(Throwable t, int parentId, Relation relation, StackTraceElement[] parentTrace) {
            this.t = t;
            this.parentId = parentId;
            this.relation = relation;
            this.parentTrace = parentTrace;
        }
    }

    private static void visit(Throwable t, Map<Throwable, Boolean> seen, List<ExceptionInfo> out) {
        // An explicit stack (not recursion) so that a chain thousands deep cannot overflow ours.
        List<Item> stack = new ArrayList<>();
        stack.add(new Item(t, -1, Relation.THROWN, null));
        boolean cut = false;
        while (!stack.isEmpty() && out.size() < MAX_EXCEPTIONS) {
            Item item = stack.remove(stack.size() - 1);
            Throwable cur = item.t;
            if (cur == null || seen.containsKey(cur)) {
                continue; // a cycle or a repeat: each throwable once
            }
            if (!cut && item.relation == Relation.CAUSE && out.size() >= MAX_EXCEPTIONS - KEEP_ROOT_CAUSES) {
                List<Throwable> rest = causePath(cur, seen);
                if (rest.size() > MAX_EXCEPTIONS - out.size()) {
                    cut = true;
                    keepRootEnd(rest, item, seen, out);
                    continue;
                }
            }
            seen.put(cur, Boolean.TRUE);
            int id = out.size();
            StackTraceElement[] trace = trace(cur);
            out.add(info(cur, trace, id, item.parentId, item.relation, item.parentTrace, 0));
            // Push suppressed first (reversed) so the cause is visited right after its parent.
            Throwable[] suppressed = suppressed(cur);
            for (int i = suppressed.length - 1; i >= 0; i--) {
                stack.add(new Item(suppressed[i], id, Relation.SUPPRESSED, trace));
            }
            Throwable cause = cause(cur);
            if (cause != null) {
                // A wrapper's cause leads the event in its place: it keeps all its frames.
                boolean wrapper = ExceptionInfo.isWrapperType(cur.getClass().getName());
                stack.add(new Item(cause, id, Relation.CAUSE, wrapper ? null : trace));
            }
        }
    }

    /** {@code from} and its causes down to the root (stopping at a cycle or at anything seen). */
    private static List<Throwable> causePath(Throwable from, Map<Throwable, Boolean> seen) {
        List<Throwable> path = new ArrayList<>();
        Map<Throwable, Boolean> here = new IdentityHashMap<>();
        for (Throwable c = from;
                c != null && path.size() < MAX_WALK && !seen.containsKey(c) && here.put(c, Boolean.TRUE) == null;
                c = cause(c)) {
            path.add(c);
        }
        return path;
    }

    /** The last exceptions of an overly long cause path, the first of them saying how many were cut before it. */
    private static void keepRootEnd(
            List<Throwable> path, Item item, Map<Throwable, Boolean> seen, List<ExceptionInfo> out) {
        int room = MAX_EXCEPTIONS - out.size();
        int skipped = path.size() - room;
        int parentId = item.parentId;
        StackTraceElement[] parentTrace = null; // the cut one's enclosing trace is gone: no frames in common
        for (int i = skipped; i < path.size(); i++) {
            Throwable cur = path.get(i);
            seen.put(cur, Boolean.TRUE);
            int id = out.size();
            StackTraceElement[] trace = trace(cur);
            out.add(info(cur, trace, id, parentId, Relation.CAUSE, parentTrace, i == skipped ? skipped : 0));
            parentId = id;
            parentTrace = trace;
        }
    }

    private static ExceptionInfo info(
            Throwable t,
            StackTraceElement[] trace,
            int id,
            int parentId,
            Relation relation,
            StackTraceElement[] enclosing,
            int causesOmitted) {
        String type = t.getClass().getName();
        String message = Strings.clean(message(t), MAX_MESSAGE_CHARS);
        int common = enclosing == null ? 0 : inCommon(trace, enclosing);
        int n = trace.length - common;
        int keep = KEEP_TOP_FRAMES + KEEP_BOTTOM_FRAMES;
        List<StackFrame> frames = new ArrayList<>(Math.min(n, keep));
        int omitted = 0;
        int omittedAt = -1;
        if (n <= keep) {
            for (int i = 0; i < n; i++) {
                frames.add(frame(trace[i]));
            }
        } else {
            for (int i = 0; i < KEEP_TOP_FRAMES; i++) {
                frames.add(frame(trace[i]));
            }
            for (int i = n - KEEP_BOTTOM_FRAMES; i < n; i++) {
                frames.add(frame(trace[i]));
            }
            omitted = n - keep;
            omittedAt = KEEP_TOP_FRAMES;
        }
        return new ExceptionInfo(
                id, parentId, relation, type, message, frames, omitted, omittedAt, common, causesOmitted);
    }

    /**
     * Outermost frames equal to the enclosing trace's, as the JVM counts them for {@code ... n more};
     * at least one frame of the exception's own is kept.
     */
    static int inCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
        int i = trace.length - 1;
        int j = enclosing.length - 1;
        int common = 0;
        while (i > 0 && j >= 0 && trace[i] != null && trace[i].equals(enclosing[j])) {
            i--;
            j--;
            common++;
        }
        return common;
    }

    /**
     * The caller's frames from a {@code Throwable} made at capture: Telltale's own frames and the
     * logging framework's above the first frame of the application are left out.
     */
    public static List<StackFrame> callerFrames(Throwable callerStack) {
        if (callerStack == null) {
            return Collections.emptyList();
        }
        StackTraceElement[] trace = trace(callerStack);
        int start = 0;
        while (start < trace.length - 1 && trace[start] != null && isReporterFrame(trace[start].getClassName())) {
            start++;
        }
        int n = Math.min(trace.length - start, KEEP_TOP_FRAMES + KEEP_BOTTOM_FRAMES);
        List<StackFrame> frames = new ArrayList<>(n);
        for (int i = start; i < start + n; i++) {
            frames.add(frame(trace[i]));
        }
        return frames;
    }

    private static final String[] REPORTER_CLASSES = {
        "dev.telltale.Telltale",
        "dev.telltale.TelltaleClient",
        "dev.telltale.PendingEvents",
        "dev.telltale.Capture",
        "dev.telltale.Scope"
    };
    private static final String[] REPORTER_PREFIXES = {
        "dev.telltale.internal.",
        "dev.telltale.logback.",
        "dev.telltale.servlet.",
        "dev.telltale.agent.",
        "ch.qos.logback.",
        "org.slf4j.",
        "org.apache.logging.",
        "org.apache.commons.logging.",
        "java.util.logging.",
        "sun.reflect.",
        "jdk.internal.reflect.",
        "java.lang.reflect.",
        "java.lang.invoke."
    };

    /** Telltale's API, integrations and the logging frameworks in front of them (by prefix; relocated copies too). */
    static boolean isReporterFrame(String className) {
        if (className == null) {
            return false;
        }
        for (String p : REPORTER_PREFIXES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        for (String c : REPORTER_CLASSES) {
            if (className.startsWith(c) && (className.length() == c.length() || className.charAt(c.length()) == '$')) {
                return true;
            }
        }
        // the agent's relocated copy of the core: <prefix>.dev.telltale.Telltale...
        int at = className.indexOf(".dev.telltale.");
        return at > 0 && isReporterFrame(className.substring(at + 1));
    }

    private static StackFrame frame(StackTraceElement e) {
        if (e == null) {
            return new StackFrame("<unknown>", "<unknown>", "", StackFrame.UNKNOWN_LINE, false, false);
        }
        return new StackFrame(
                Strings.clean(e.getClassName(), 1024),
                Strings.clean(e.getMethodName(), 1024),
                Strings.clean(e.getFileName(), 1024),
                e.getLineNumber(),
                e.isNativeMethod(),
                false);
    }

    /** The message, or a note saying why it could not be read. Empty when there is none. */
    static String message(Throwable t) {
        try {
            String m = t.getMessage();
            return m == null ? "" : m;
        } catch (Throwable e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
    }

    static StackTraceElement[] trace(Throwable t) {
        try {
            StackTraceElement[] s = t.getStackTrace();
            return s == null ? new StackTraceElement[0] : s;
        } catch (Throwable e) {
            return new StackTraceElement[0];
        }
    }

    private static Throwable cause(Throwable t) {
        try {
            Throwable c = t.getCause();
            return c == t ? null : c;
        } catch (Throwable e) {
            return null;
        }
    }

    private static Throwable[] suppressed(Throwable t) {
        try {
            Throwable[] s = t.getSuppressed();
            return s == null ? new Throwable[0] : s;
        } catch (Throwable e) {
            return new Throwable[0];
        }
    }
}
