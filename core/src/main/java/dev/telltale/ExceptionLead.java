package dev.telltale;

import dev.telltale.event.ExceptionInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which exception of an event's chain the event is about ({@link Event#leadException()}): the
 * thrown one, or the first cause below the wrappers ({@link ExceptionInfo#isWrapperType()}).
 */
final class ExceptionLead {
    private ExceptionLead() {}

    /** The thrown exception (first), unless it merely wraps a cause; null for a message event. */
    static ExceptionInfo lead(List<ExceptionInfo> exceptions) {
        List<ExceptionInfo> w = wrappers(exceptions);
        if (w.isEmpty()) {
            return exceptions.isEmpty() ? null : exceptions.get(0);
        }
        ExceptionInfo last = w.get(w.size() - 1);
        ExceptionInfo cause = causeOf(exceptions, last);
        return cause == null ? last : cause;
    }

    /** The wrappers above the lead exception, outermost (the thrown one) first; empty when none. */
    static List<ExceptionInfo> wrappers(List<ExceptionInfo> exceptions) {
        ExceptionInfo cur = exceptions.isEmpty() ? null : exceptions.get(0);
        List<ExceptionInfo> out = null;
        while (cur != null && cur.isWrapperType()) {
            ExceptionInfo cause = causeOf(exceptions, cur);
            if (cause == null) {
                break; // a wrapper without a cause is what there is
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(cur);
            cur = cause;
        }
        return out == null ? Collections.<ExceptionInfo>emptyList() : out;
    }

    private static ExceptionInfo causeOf(List<ExceptionInfo> exceptions, ExceptionInfo x) {
        for (ExceptionInfo c : exceptions) {
            if (c.parentId() == x.id() && c.relation() == ExceptionInfo.Relation.CAUSE && c != x) {
                return c;
            }
        }
        return null;
    }
}
