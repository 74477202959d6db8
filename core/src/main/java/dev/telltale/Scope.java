package dev.telltale;

import dev.telltale.event.JourneyAction;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.BreadcrumbRing;
import dev.telltale.internal.util.Maps;
import dev.telltale.internal.util.SnapshotMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What is known around events: user, tags, extra, contexts, request, breadcrumbs and the user's
 * journey. Scopes are layered: the client's global scope, then a scope per request or task pushed
 * over it on one thread. Values set on an inner scope win; breadcrumbs go to the innermost scope
 * that keeps its own. Thread-safe; a write is O(1) and the maps are copied once per change into an
 * immutable snapshot shared by every read until the next change, so taking a snapshot on the
 * capture path costs almost nothing.
 */
public final class Scope {
    private final Scope parent;
    private final BreadcrumbRing ring; // null: breadcrumbs go to the parent's ring
    private final List<Breadcrumb> eventCrumbs; // non-null only for a per-event scope
    private volatile User user;
    private final SnapshotMap<String> tags = new SnapshotMap<>();
    private final SnapshotMap<String> extra = new SnapshotMap<>();
    private final SnapshotMap<Map<String, String>> contexts = new SnapshotMap<>();
    private volatile RequestInfo request;
    private volatile List<String> fingerprint;
    private volatile Level level;
    private volatile long sessionStartedAt;
    private volatile List<JourneyAction> priorActions;

    Scope(Scope parent, BreadcrumbRing ring, boolean perEvent) {
        this.parent = parent;
        this.ring = ring;
        this.eventCrumbs = perEvent ? new ArrayList<Breadcrumb>(4) : null;
    }

    Scope parent() {
        return parent;
    }

    /** Sets the user; {@link User#NONE} hides an outer scope's user. */
    public Scope setUser(User user) {
        this.user = user;
        return this;
    }

    public Scope setTag(String key, String value) {
        if (key != null) {
            tags.put(key, value);
        }
        return this;
    }

    public Scope removeTag(String key) {
        return setTag(key, null);
    }

    public Scope setExtra(String key, String value) {
        if (key != null) {
            extra.put(key, value);
        }
        return this;
    }

    /** Sets a named group of facts ({@code "mdc"}, {@code "order"}); null removes it. */
    public Scope setContext(String name, Map<String, String> values) {
        if (name != null) {
            contexts.put(name, values == null ? null : Maps.copy(values));
        }
        return this;
    }

    public Scope setRequest(RequestInfo request) {
        this.request = request;
        return this;
    }

    /** Custom grouping for events of this scope. */
    public Scope setFingerprint(List<String> fingerprint) {
        this.fingerprint = fingerprint == null ? null : Maps.copy(fingerprint);
        return this;
    }

    /** Overrides the level of events captured in this scope. */
    public Scope setLevel(Level level) {
        this.level = level;
        return this;
    }

    /**
     * Sets the journey of the session this scope belongs to: when it started and the actions that
     * came before this scope (e.g. earlier requests of the same HTTP session), oldest first.
     */
    public Scope setJourney(long sessionStartedAt, List<JourneyAction> priorActions) {
        this.sessionStartedAt = sessionStartedAt;
        this.priorActions = Maps.copy(priorActions);
        return this;
    }

    public Scope addBreadcrumb(Breadcrumb breadcrumb) {
        if (breadcrumb == null) {
            return this;
        }
        if (eventCrumbs != null) {
            synchronized (eventCrumbs) {
                if (eventCrumbs.size() < 100) {
                    eventCrumbs.add(breadcrumb);
                }
            }
            return this;
        }
        for (Scope s = this; s != null; s = s.parent) {
            if (s.ring != null) {
                s.ring.add(breadcrumb);
                return this;
            }
        }
        return this;
    }

    /**
     * The breadcrumbs this scope records into (its own ring, else the nearest outer one), oldest
     * first: an integration reads them when a request ends to remember the session's journey.
     */
    public List<Breadcrumb> breadcrumbs() {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.ring != null) {
                return BreadcrumbRing.ordered(s.ring.copy(), s.ring.capacity());
            }
        }
        return Collections.<Breadcrumb>emptyList();
    }

    /** Forgets this scope's breadcrumbs. */
    public Scope clearBreadcrumbs() {
        if (ring != null) {
            ring.clear();
        }
        return this;
    }

    // ---- package-private accessors for snapshots and forks ----

    BreadcrumbRing ring() {
        return ring;
    }

    List<Breadcrumb> eventCrumbs() {
        if (eventCrumbs == null) {
            return Collections.emptyList();
        }
        synchronized (eventCrumbs) {
            return new ArrayList<>(eventCrumbs);
        }
    }

    User user() {
        return user;
    }

    Map<String, String> tags() {
        return tags.snapshot();
    }

    Map<String, String> extra() {
        return extra.snapshot();
    }

    Map<String, Map<String, String>> contexts() {
        return contexts.snapshot();
    }

    RequestInfo request() {
        return request;
    }

    List<String> fingerprint() {
        return fingerprint;
    }

    Level level() {
        return level;
    }

    long sessionStartedAt() {
        return sessionStartedAt;
    }

    List<JourneyAction> priorActions() {
        return priorActions;
    }

    /** Copies this scope's own values into {@code target} (used when forking for another thread). */
    void copyValuesTo(Scope target) {
        target.user = user;
        target.tags.reset(tags.snapshot());
        target.extra.reset(extra.snapshot());
        target.contexts.reset(contexts.snapshot());
        target.request = request;
        target.fingerprint = fingerprint;
        target.level = level;
        target.sessionStartedAt = sessionStartedAt;
        target.priorActions = priorActions;
    }
}
