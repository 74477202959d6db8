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

    private ExceptionChain() {
    }

    /** The chain, thrown exception first, then depth-first: each exception's cause, then its suppressed ones. */
    public static List<ExceptionInfo> of(Throwable thrown) {
        if (thrown == null) {
            return Collections.emptyList();
        }
        List<ExceptionInfo> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        visit(thrown, -1, Relation.THROWN, seen, out);
        return out;
    }

    private static void visit(Throwable t, int parentId, Relation relation, Map<Throwable, Boolean> seen,
                              List<ExceptionInfo> out) {
        // An explicit stack (not recursion) so that a chain thousands deep cannot overflow ours.
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[]{t, parentId, relation});
        while (!stack.isEmpty() && out.size() < MAX_EXCEPTIONS) {
            Object[] item = stack.remove(stack.size() - 1);
            Throwable cur = (Throwable) item[0];
            if (cur == null || seen.containsKey(cur)) {
                continue; // a cycle or a repeat: each throwable once
            }
            seen.put(cur, Boolean.TRUE);
            int id = out.size();
            out.add(info(cur, id, (Integer) item[1], (Relation) item[2]));
            // Push suppressed first (reversed) so the cause is visited right after its parent.
            Throwable[] suppressed = suppressed(cur);
            for (int i = suppressed.length - 1; i >= 0; i--) {
                stack.add(new Object[]{suppressed[i], id, Relation.SUPPRESSED});
            }
            Throwable cause = cause(cur);
            if (cause != null) {
                stack.add(new Object[]{cause, id, Relation.CAUSE});
            }
        }
    }

    private static ExceptionInfo info(Throwable t, int id, int parentId, Relation relation) {
        String type = t.getClass().getName();
        String message = Strings.clean(message(t), MAX_MESSAGE_CHARS);
        StackTraceElement[] trace = trace(t);
        int n = trace.length;
        int keep = KEEP_TOP_FRAMES + KEEP_BOTTOM_FRAMES;
        List<StackFrame> frames = new ArrayList<>(Math.min(n, keep));
        int omitted = 0;
        int omittedAt = -1;
        if (n <= keep) {
            for (StackTraceElement e : trace) {
                frames.add(frame(e));
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
        return new ExceptionInfo(id, parentId, relation, type, message, frames, omitted, omittedAt);
    }

    private static StackFrame frame(StackTraceElement e) {
        if (e == null) {
            return new StackFrame("<unknown>", "<unknown>", "", StackFrame.UNKNOWN_LINE, false, false);
        }
        return new StackFrame(Strings.clean(e.getClassName(), 1024), Strings.clean(e.getMethodName(), 1024),
                Strings.clean(e.getFileName(), 1024), e.getLineNumber(), e.isNativeMethod(), false);
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

    private static StackTraceElement[] trace(Throwable t) {
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
