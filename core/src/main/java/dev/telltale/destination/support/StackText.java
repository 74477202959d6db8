package dev.telltale.destination.support;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Strings;
import java.util.List;

/**
 * An event's exception chain as the JVM prints it: the thrown exception, its frames, its
 * {@code Suppressed:} exceptions (indented), then {@code Caused by:} sections. Bounded.
 *
 * <p>Internal (see the package): shared by the Bugnet and bug-report encoders.
 */
public final class StackText {
    private StackText() {}

    /** At most {@code maxChars} characters, cut with an ellipsis; empty for a message event. */
    public static String of(List<ExceptionInfo> chain, int maxChars) {
        if (chain.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(maxChars, 4096));
        render(chain, chain.get(0), null, "", "", b, maxChars);
        String s = b.toString();
        return s.length() > maxChars ? Strings.clean(s, maxChars) : Strings.clean(s, Integer.MAX_VALUE);
    }

    /**
     * A thread's stack as the JVM prints it ({@code "Thread main" / \tat ...}): the caller's stack of a
     * message event. Empty when there are no frames.
     */
    public static String ofThread(String threadName, List<StackFrame> frames, int maxChars) {
        if (frames.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(maxChars, 4096));
        b.append("Thread \"").append(threadName).append('"');
        for (int i = 0; i < frames.size() && b.length() <= maxChars; i++) {
            b.append("\n\tat ").append(frames.get(i));
        }
        return Strings.clean(b.toString(), maxChars);
    }

    private static void render(
            List<ExceptionInfo> all,
            ExceptionInfo x,
            List<StackFrame> enclosing,
            String indent,
            String caption,
            StringBuilder b,
            int max) {
        // Depth is bounded by the chain's own bound (ExceptionChain keeps at most 32 exceptions).
        if (b.length() > max) {
            return;
        }
        if (b.length() > 0) {
            b.append('\n');
        }
        if (x.causesOmitted() > 0) {
            b.append(indent).append("\t... ").append(x.causesOmitted()).append(" causes omitted\n");
        }
        b.append(indent).append(caption).append(x.type());
        if (!x.message().isEmpty()) {
            b.append(": ").append(x.message());
        }
        List<StackFrame> frames = x.frames();
        // As the JVM does: frames shared with the enclosing trace are summed up as "... n more".
        int common = 0;
        int elided = x.framesInCommon(); // already left out of the model's frames
        if (elided == 0 && enclosing != null && x.framesOmitted() == 0) {
            int i = frames.size() - 1;
            int j = enclosing.size() - 1;
            while (i >= 0 && j >= 0 && same(frames.get(i), enclosing.get(j))) {
                i--;
                j--;
                common++;
            }
        }
        int shown = frames.size() - common;
        common += elided;
        for (int i = 0; i < shown && b.length() <= max; i++) {
            if (x.framesOmitted() > 0 && i == x.omittedAt()) {
                b.append('\n')
                        .append(indent)
                        .append("\t... ")
                        .append(x.framesOmitted())
                        .append(" frames omitted");
            }
            b.append('\n').append(indent).append("\tat ").append(frames.get(i));
        }
        if (common > 0) {
            b.append('\n').append(indent).append("\t... ").append(common).append(" more");
        }
        for (ExceptionInfo c : all) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                render(all, c, frames, indent + "\t", "Suppressed: ", b, max);
            }
        }
        for (ExceptionInfo c : all) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.CAUSE) {
                render(all, c, frames, indent, "Caused by: ", b, max);
            }
        }
    }

    private static boolean same(StackFrame a, StackFrame b) {
        return a.lineNumber() == b.lineNumber()
                && a.className().equals(b.className())
                && a.methodName().equals(b.methodName())
                && a.fileName().equals(b.fileName());
    }
}
