package dev.telltale.internal;

import dev.telltale.Breadcrumb;
import dev.telltale.Level;
import dev.telltale.User;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.RequestInfo;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The scope as it was at capture time, taken on the application's thread. Holds immutable maps
 * (merged across the scope chain there, which copies only when two layers both hold values) and a
 * raw copy of the breadcrumb ring; ordering the breadcrumbs and merging in the capture's own values
 * wait for the sender thread.
 */
public final class ScopeSnapshot {
    public static final ScopeSnapshot EMPTY = new ScopeSnapshot(
            User.NONE,
            Collections.<String, String>emptyMap(),
            Collections.<String, String>emptyMap(),
            Collections.<String, Map<String, String>>emptyMap(),
            RequestInfo.NONE,
            Collections.<String>emptyList(),
            null,
            0L,
            Collections.<JourneyAction>emptyList(),
            new Breadcrumb[0],
            Collections.<Breadcrumb>emptyList());

    public final User user;
    public final Map<String, String> tags;
    public final Map<String, String> extra;
    public final Map<String, Map<String, String>> contexts;
    public final RequestInfo request;
    public final List<String> fingerprint;
    /** Null when no scope overrides the level. */
    public final Level level;

    public final long sessionStartedAt;
    public final List<JourneyAction> priorActions;
    /** Raw ring copy (may hold nulls, unordered). */
    public final Breadcrumb[] ringCrumbs;
    /** Breadcrumbs added for this event only. */
    public final List<Breadcrumb> eventCrumbs;

    public ScopeSnapshot(
            User user,
            Map<String, String> tags,
            Map<String, String> extra,
            Map<String, Map<String, String>> contexts,
            RequestInfo request,
            List<String> fingerprint,
            Level level,
            long sessionStartedAt,
            List<JourneyAction> priorActions,
            Breadcrumb[] ringCrumbs,
            List<Breadcrumb> eventCrumbs) {
        this.user = user;
        this.tags = tags;
        this.extra = extra;
        this.contexts = contexts;
        this.request = request;
        this.fingerprint = fingerprint;
        this.level = level;
        this.sessionStartedAt = sessionStartedAt;
        this.priorActions = priorActions;
        this.ringCrumbs = ringCrumbs;
        this.eventCrumbs = eventCrumbs;
    }
}
