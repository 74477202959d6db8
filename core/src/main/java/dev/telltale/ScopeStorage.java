package dev.telltale;

import dev.telltale.event.JourneyAction;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.BreadcrumbRing;
import dev.telltale.internal.Reentrancy;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.internal.util.Maps;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The scopes of one client: its global scope and, per thread, the innermost pushed scope. */
final class ScopeStorage {
    private final Scope global;
    private final int maxBreadcrumbs;
    private final ThreadLocal<Scope> current = new ThreadLocal<>();

    ScopeStorage(int maxBreadcrumbs, long sessionStartedAt) {
        this.maxBreadcrumbs = maxBreadcrumbs;
        this.global = new Scope(null, new BreadcrumbRing(maxBreadcrumbs), false);
        this.global.setJourney(sessionStartedAt, Collections.<JourneyAction>emptyList());
    }

    Scope global() {
        return global;
    }

    Scope current() {
        // An absent value leaves a null entry in this thread's map: harmless (it retains nothing),
        // and cheaper than removing it on every breadcrumb.
        Scope s = current.get();
        return s == null ? global : s;
    }

    /** A fresh scope with its own breadcrumbs, over the global one (a request, a job). */
    Scope newIsolated() {
        return new Scope(global, new BreadcrumbRing(maxBreadcrumbs), false);
    }

    /** A copy of the current scope, breadcrumbs included, for a task handed to another thread. */
    Scope fork() {
        Scope src = current();
        if (src == global) {
            return null; // the task sees the global scope anyway
        }
        Scope copy = new Scope(src.parent(), ringOf(src).fork(), false);
        src.copyValuesTo(copy);
        return copy;
    }

    /** A scope for one event's callback: what it sets applies to that event only. */
    Scope perEvent() {
        return new Scope(current(), null, true);
    }

    /**
     * The current scope for the breadcrumb path, given {@link Reentrancy#breadcrumbState()}: a
     * thread that never had a scope needs no second thread-local lookup.
     */
    Scope currentFor(int breadcrumbState) {
        return breadcrumbState == Reentrancy.UNSCOPED ? global : current();
    }

    ScopeHandle activate(Scope scope) {
        Reentrancy.markScoped(); // before the scope is current: the breadcrumb path must then look it up
        Scope previous = current.get();
        current.set(scope);
        return new ScopeHandle(this, scope, previous);
    }

    void restore(Scope previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }

    private static BreadcrumbRing ringOf(Scope s) {
        for (Scope x = s; x != null; x = x.parent()) {
            if (x.ring() != null) {
                return x.ring();
            }
        }
        throw new IllegalStateException("no breadcrumb ring");
    }

    /** Merges the chain from {@code leaf} to the global scope. Cheap when there is only the global scope. */
    ScopeSnapshot snapshot(Scope leaf) {
        User user = null;
        Map<String, String> tags = Collections.emptyMap();
        Map<String, String> extra = Collections.emptyMap();
        Map<String, Map<String, String>> contexts = Collections.emptyMap();
        RequestInfo request = null;
        List<String> fingerprint = null;
        Level level = null;
        long sessionStart = 0L;
        List<JourneyAction> prior = null;
        Breadcrumb[] ring = null;
        List<Breadcrumb> eventCrumbs = Collections.emptyList();
        // Walk innermost to outermost: the first value found wins; maps merge outer under inner.
        for (Scope s = leaf; s != null; s = s.parent()) {
            if (s == leaf) {
                eventCrumbs = s.eventCrumbs();
            }
            if (user == null) {
                user = s.user();
            }
            tags = Maps.merge(s.tags(), tags);
            extra = Maps.merge(s.extra(), extra);
            contexts = Maps.merge(s.contexts(), contexts);
            if (request == null) {
                request = s.request();
            }
            if (fingerprint == null) {
                fingerprint = s.fingerprint();
            }
            if (level == null) {
                level = s.level();
            }
            if (sessionStart == 0L && s.sessionStartedAt() != 0L) {
                sessionStart = s.sessionStartedAt();
                prior = s.priorActions();
            }
            if (ring == null && s.ring() != null) {
                ring = s.ring().copy();
            }
        }
        return new ScopeSnapshot(
                user == null ? User.NONE : user,
                tags,
                extra,
                contexts,
                request == null ? RequestInfo.NONE : request,
                fingerprint == null ? Collections.<String>emptyList() : fingerprint,
                level,
                sessionStart,
                prior == null ? Collections.<JourneyAction>emptyList() : prior,
                ring == null ? new Breadcrumb[0] : ring,
                eventCrumbs);
    }
}
