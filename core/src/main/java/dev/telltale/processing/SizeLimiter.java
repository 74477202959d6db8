package dev.telltale.processing;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Strings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an event smaller, in steps, when its encoding does not fit a destination's limit: fewer
 * breadcrumbs and frames first, then shorter strings, then the extras go. Each step keeps the
 * exception types, the top frames and the message, which is what grouping needs.
 */
public final class SizeLimiter {
    /** How many shrink steps exist; {@link #shrink(Event, int)} takes 1 to this. */
    public static final int STEPS = 3;

    private SizeLimiter() {}

    public static Event shrink(Event e, int step) {
        int crumbs = step == 1 ? 30 : step == 2 ? 10 : 0;
        int frames = step == 1 ? 100 : step == 2 ? 40 : 15;
        int text = step == 1 ? 4_096 : step == 2 ? 1_024 : 256;
        int exceptions = step >= 3 ? 8 : 16;
        Event.Builder b = e.toBuilder();
        List<Breadcrumb> bc = e.breadcrumbs();
        b.breadcrumbs(bc.size() > crumbs ? bc.subList(bc.size() - crumbs, bc.size()) : bc);
        List<ExceptionInfo> ex = new ArrayList<>();
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (ExceptionInfo x : e.exceptions()) {
            if (ex.size() >= exceptions) {
                break;
            }
            // Under the tightest limit keep the cause chain (down to the root cause, which grouping
            // and humans need most) and let suppressed exceptions and their subtrees go first.
            boolean onCauseChain = x.relation() == ExceptionInfo.Relation.THROWN
                    || (x.relation() == ExceptionInfo.Relation.CAUSE && kept.contains(x.parentId()));
            if (step >= 3 && !onCauseChain) {
                continue;
            }
            kept.add(x.id());
            ex.add(cut(step >= 2 ? withoutSource(x) : x, frames, text));
        }
        b.exceptions(ex);
        List<StackFrame> tf = e.threadFrames();
        b.threadFrames(tf.size() > frames ? tf.subList(0, frames) : tf);
        b.message(Strings.clean(e.messageTemplate(), text), Strings.clean(e.message(), text));
        b.extras(cutValues(e.extra(), step >= 3 ? 0 : text));
        if (step >= 3) {
            b.contexts(Collections.<String, Map<String, String>>emptyMap());
        } else {
            Map<String, Map<String, String>> ctx = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> c : e.contexts().entrySet()) {
                ctx.put(c.getKey(), cutValues(c.getValue(), text));
            }
            b.contexts(ctx);
        }
        return b.build();
    }

    /** Source lines are the first thing to go after breadcrumbs: nice to read, never needed to group. */
    private static ExceptionInfo withoutSource(ExceptionInfo x) {
        List<StackFrame> out = new ArrayList<>(x.frames().size());
        boolean any = false;
        for (StackFrame f : x.frames()) {
            any |= f.hasSource();
            out.add(f.hasSource() ? f.withSource(null, null, null) : f);
        }
        return any ? x.withFrames(out) : x;
    }

    private static ExceptionInfo cut(ExceptionInfo x, int maxFrames, int text) {
        List<StackFrame> f = x.frames();
        ExceptionInfo out = x.message().length() > text ? x.withMessage(Strings.clean(x.message(), text)) : x;
        if (f.size() <= maxFrames) {
            return out;
        }
        int top = maxFrames - maxFrames / 4;
        int bottom = maxFrames / 4;
        List<StackFrame> kept = new ArrayList<>(maxFrames);
        kept.addAll(f.subList(0, top));
        kept.addAll(f.subList(f.size() - bottom, f.size()));
        return out.withFrames(kept, x.framesOmitted() + f.size() - maxFrames, top);
    }

    private static Map<String, String> cutValues(Map<String, String> m, int max) {
        if (max == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.put(e.getKey(), Strings.clean(e.getValue(), max));
        }
        return out;
    }
}
