package dev.telltale.destination.sentry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An event's exceptions and stack frames in Sentry's shapes (see {@link SentryEventJson}). */
final class SentryExceptions {
    private SentryExceptions() {}

    /**
     * Sentry orders chained exceptions oldest first: the root cause first, the thrown exception
     * last. The model's chain is a tree (thrown first, then depth-first); reversing a pre-order walk
     * that visits suppressed exceptions before the cause puts every exception after its causes and
     * the deepest cause first. Ids are renumbered as the schema asks: 0 for the last value, counting up
     * towards the first.
     */
    static List<ExceptionInfo> sentryOrder(List<ExceptionInfo> chain) {
        Map<Integer, List<ExceptionInfo>> children = new HashMap<>();
        Set<Integer> present = new HashSet<>();
        for (ExceptionInfo x : chain) {
            present.add(x.id());
        }
        List<ExceptionInfo> roots = new ArrayList<>();
        for (ExceptionInfo x : chain) {
            if (x.parentId() < 0 || !present.contains(x.parentId()) || x.parentId() == x.id()) {
                roots.add(x);
            } else {
                List<ExceptionInfo> c = children.get(x.parentId());
                if (c == null) {
                    c = new ArrayList<>();
                    children.put(x.parentId(), c);
                }
                c.add(x);
            }
        }
        List<ExceptionInfo> preorder = new ArrayList<>(chain.size());
        Set<ExceptionInfo> seen = new HashSet<>();
        // Explicit stack: a chain is at most a few dozen long, but never trust depth.
        List<ExceptionInfo> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.add(roots.get(i));
        }
        while (!stack.isEmpty()) {
            ExceptionInfo x = stack.remove(stack.size() - 1);
            if (!seen.add(x)) {
                continue;
            }
            preorder.add(x);
            List<ExceptionInfo> kids = children.get(x.id());
            if (kids == null) {
                continue;
            }
            List<ExceptionInfo> causes = new ArrayList<>();
            List<ExceptionInfo> suppressed = new ArrayList<>();
            for (ExceptionInfo k : kids) {
                (k.relation() == ExceptionInfo.Relation.SUPPRESSED ? suppressed : causes).add(k);
            }
            // Pushed in reverse of visiting order: suppressed (in order) first, then the cause.
            for (int i = causes.size() - 1; i >= 0; i--) {
                stack.add(causes.get(i));
            }
            for (int i = suppressed.size() - 1; i >= 0; i--) {
                stack.add(suppressed.get(i));
            }
        }
        for (ExceptionInfo x : chain) {
            if (!seen.contains(x)) {
                preorder.add(x); // unreachable through a broken parent link: still reported
            }
        }
        List<ExceptionInfo> out = new ArrayList<>(preorder.size());
        for (int i = preorder.size() - 1; i >= 0; i--) {
            out.add(preorder.get(i));
        }
        return out;
    }

    /**
     * The exception values, wrappers above the lead exception left out (they would take the title
     * and the grouping; their type, message and throw site go into the lead's
     * {@code mechanism.data.wrapped_by}).
     */
    static void write(JsonGenerator g, Event e) throws IOException {
        if (e.exceptions().isEmpty()) {
            return;
        }
        List<ExceptionInfo> wrappers = e.wrappers();
        List<ExceptionInfo> chain = e.exceptions();
        if (!wrappers.isEmpty()) {
            chain = new ArrayList<>(chain);
            chain.removeAll(wrappers);
        }
        ExceptionInfo lead = e.leadException();
        List<ExceptionInfo> ordered = sentryOrder(chain);
        int n = ordered.size();
        Map<Integer, Integer> newId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            newId.put(ordered.get(i).id(), n - 1 - i);
        }
        g.writeObjectFieldStart("exception");
        g.writeArrayFieldStart("values");
        for (int i = 0; i < n; i++) {
            ExceptionInfo x = ordered.get(i);
            g.writeStartObject();
            g.writeStringField("type", x.simpleType().isEmpty() ? "Throwable" : x.simpleType());
            Json.stringIfPresent(g, "value", x.message());
            Json.stringIfPresent(g, "module", x.packageName());
            if (x == lead && e.threadId() >= 0) {
                g.writeNumberField("thread_id", e.threadId());
            }
            if (!x.frames().isEmpty()) {
                writeStacktrace(g, x.frames());
            }
            g.writeObjectFieldStart("mechanism");
            Integer parent = newId.get(x.parentId());
            boolean top = x == lead || parent == null || x.parentId() == x.id();
            if (top) {
                g.writeStringField("type", e.mechanism().type());
                if (x == lead) {
                    g.writeBooleanField("handled", e.handled());
                }
            } else if (x.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                g.writeStringField("type", "suppressed");
                g.writeStringField("source", "suppressed[" + suppressedIndex(e.exceptions(), x) + "]");
            } else {
                g.writeStringField("type", "chained");
                g.writeStringField("source", "cause");
            }
            g.writeNumberField("exception_id", n - 1 - i);
            if (!top) {
                g.writeNumberField("parent_id", parent);
            }
            writeData(g, x, x == lead ? wrappers : Collections.<ExceptionInfo>emptyList());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** What was left out of this value, where the schema has room for it: {@code mechanism.data}. */
    private static void writeData(JsonGenerator g, ExceptionInfo x, List<ExceptionInfo> wrappers) throws IOException {
        if (x.framesOmitted() == 0 && x.framesInCommon() == 0 && x.causesOmitted() == 0 && wrappers.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("data");
        if (x.framesOmitted() > 0) {
            g.writeNumberField("frames_omitted", x.framesOmitted());
        }
        if (x.framesInCommon() > 0) {
            // as the JVM prints "... 42 more": the outermost frames are the enclosing exception's
            g.writeNumberField("frames_in_common_with_parent", x.framesInCommon());
        }
        if (x.causesOmitted() > 0) {
            g.writeNumberField("causes_omitted_above", x.causesOmitted());
        }
        if (!wrappers.isEmpty()) {
            g.writeArrayFieldStart("wrapped_by");
            for (ExceptionInfo w : wrappers) {
                g.writeString(wrapperLine(w));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** {@code java.util.concurrent.ExecutionException: msg at com.shop.Checkout.pay(Checkout.java:42)}. */
    static String wrapperLine(ExceptionInfo w) {
        String s = w.toString();
        return w.frames().isEmpty() ? s : s + " at " + w.frames().get(0);
    }

    /** Position of {@code x} among its parent's suppressed exceptions (as far as the chain kept them). */
    private static int suppressedIndex(List<ExceptionInfo> chain, ExceptionInfo x) {
        int index = 0;
        for (ExceptionInfo y : chain) {
            if (y == x) {
                return index;
            }
            if (y.parentId() == x.parentId() && y.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                index++;
            }
        }
        return index;
    }

    /** Sentry wants the oldest call first; the model has the innermost first. */
    static void writeStacktrace(JsonGenerator g, List<StackFrame> frames) throws IOException {
        g.writeObjectFieldStart("stacktrace");
        g.writeArrayFieldStart("frames");
        for (int i = frames.size() - 1; i >= 0; i--) {
            StackFrame f = frames.get(i);
            g.writeStartObject();
            Json.stringIfPresent(g, "filename", f.fileName());
            g.writeStringField("function", f.methodName().isEmpty() ? "<unknown>" : f.methodName());
            Json.stringIfPresent(g, "module", f.className());
            if (f.lineNumber() >= 0) {
                g.writeNumberField("lineno", f.lineNumber());
            }
            g.writeBooleanField("in_app", f.inApp());
            if (f.hasSource()) {
                Json.stringArrayField(g, "pre_context", f.preContext());
                g.writeStringField("context_line", f.contextLine());
                Json.stringArrayField(g, "post_context", f.postContext());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
