package dev.telltale.destination.bugnet;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Strings;

import java.util.List;

/**
 * An event's exception chain as the JVM prints it: the thrown exception, its frames, its
 * {@code Suppressed:} exceptions (indented), then {@code Caused by:} sections. Bounded.
 */
final class StackText {
    private StackText() {
    }

    static String of(List<ExceptionInfo> chain, int maxChars) {
        if (chain.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(maxChars, 4096));
        render(chain, chain.get(0), "", "", b, maxChars);
        String s = b.toString();
        return s.length() > maxChars ? Strings.clean(s, maxChars) : Strings.clean(s, Integer.MAX_VALUE);
    }

    private static void render(List<ExceptionInfo> all, ExceptionInfo x, String indent, String caption, StringBuilder b, int max) {
        // Depth is bounded by the chain's own bound (ExceptionChain keeps at most 32 exceptions).
        if (b.length() > max) {
            return;
        }
        if (b.length() > 0) {
            b.append('\n');
        }
        b.append(indent).append(caption).append(x.type());
        if (!x.message().isEmpty()) {
            b.append(": ").append(x.message());
        }
        List<StackFrame> frames = x.frames();
        for (int i = 0; i < frames.size() && b.length() <= max; i++) {
            if (x.framesOmitted() > 0 && i == x.omittedAt()) {
                b.append('\n').append(indent).append("\t... ").append(x.framesOmitted()).append(" frames omitted");
            }
            b.append('\n').append(indent).append("\tat ").append(frames.get(i));
        }
        for (ExceptionInfo c : all) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                render(all, c, indent + "\t", "Suppressed: ", b, max);
            }
        }
        for (ExceptionInfo c : all) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.CAUSE) {
                render(all, c, indent, "Caused by: ", b, max);
            }
        }
    }
}
