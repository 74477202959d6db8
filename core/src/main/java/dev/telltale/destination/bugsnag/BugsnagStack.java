package dev.telltale.destination.bugsnag;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The stack part of a BugSnag event: its exceptions (the cause chain, frames with source) and its thread. */
final class BugsnagStack {
    private BugsnagStack() {}

    /**
     * The lead exception (wrappers above it go to the {@code telltale} tab), then its causes,
     * innermost call first in each stacktrace. Suppressed exceptions are not causes, so they go into
     * the {@code suppressed} metaData tab instead. A message event is one pseudo-exception whose
     * stacktrace is the caller's.
     */
    static void exceptions(JsonGenerator g, Event e) throws IOException {
        g.writeArrayFieldStart("exceptions");
        List<ExceptionInfo> chain = causeChain(e.exceptions(), e.leadException());
        if (chain.isEmpty()) {
            // A message event: BugSnag needs one exception; the logger (or "Message") is its class.
            g.writeStartObject();
            g.writeStringField("errorClass", e.logger().isEmpty() ? "Message" : e.logger());
            g.writeStringField("message", e.message().isEmpty() ? e.messageTemplate() : e.message());
            g.writeArrayFieldStart("stacktrace");
            for (StackFrame f : e.threadFrames()) {
                frame(g, f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        for (ExceptionInfo x : chain) {
            g.writeStartObject();
            g.writeStringField("errorClass", x.type());
            g.writeStringField("message", x.message());
            g.writeArrayFieldStart("stacktrace");
            List<StackFrame> frames = x.frames();
            for (int i = 0; i < frames.size(); i++) {
                if (x.framesOmitted() > 0 && i == x.omittedAt()) {
                    marker(g, "[" + x.framesOmitted() + " frames omitted]");
                }
                frame(g, frames.get(i));
            }
            if (x.framesInCommon() > 0) {
                marker(g, "[... " + x.framesInCommon() + " more, as in the exception above]");
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void marker(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", "");
        g.writeStringField("method", text);
        g.writeBooleanField("inProject", false);
        g.writeEndObject();
    }

    /** The event's thread, the one that reported the error (BugSnag's threads tab). */
    static void threads(JsonGenerator g, Event e) throws IOException {
        if (e.threadName().isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("threads");
        g.writeStartObject();
        if (e.threadId() >= 0) {
            g.writeNumberField("id", e.threadId());
        }
        g.writeStringField("name", e.threadName());
        g.writeStringField("type", "java");
        g.writeBooleanField("errorReportingThread", true);
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void frame(JsonGenerator g, StackFrame f) throws IOException {
        g.writeStartObject();
        g.writeStringField(
                "file", f.fileName().isEmpty() ? (f.isNative() ? "Native Method" : "Unknown") : f.fileName());
        if (f.lineNumber() >= 0) {
            g.writeNumberField("lineNumber", f.lineNumber());
        }
        g.writeStringField("method", f.className() + "." + f.methodName());
        g.writeBooleanField("inProject", f.inApp());
        if (f.hasSource() && f.lineNumber() > 0) {
            // BugSnag's "code": line number → source line, the frame's line in the middle
            g.writeObjectFieldStart("code");
            int first = f.lineNumber() - f.preContext().size();
            for (int i = 0; i < f.preContext().size(); i++) {
                g.writeStringField(Integer.toString(first + i), f.preContext().get(i));
            }
            g.writeStringField(Integer.toString(f.lineNumber()), f.contextLine());
            for (int i = 0; i < f.postContext().size(); i++) {
                g.writeStringField(
                        Integer.toString(f.lineNumber() + 1 + i),
                        f.postContext().get(i));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The thrown exception and its chain of causes (each the CAUSE child of the one before). */
    static List<ExceptionInfo> causeChain(List<ExceptionInfo> all) {
        return causeChain(all, all.isEmpty() ? null : all.get(0));
    }

    /** {@code from} and its chain of causes. */
    static List<ExceptionInfo> causeChain(List<ExceptionInfo> all, ExceptionInfo from) {
        List<ExceptionInfo> chain = new ArrayList<>();
        if (from == null) {
            return chain;
        }
        ExceptionInfo cur = from;
        chain.add(cur);
        boolean found = true;
        while (found) {
            found = false;
            for (ExceptionInfo x : all) {
                if (x.parentId() == cur.id() && x.relation() == ExceptionInfo.Relation.CAUSE) {
                    chain.add(x);
                    cur = x;
                    found = true;
                    break;
                }
            }
        }
        return chain;
    }
}
