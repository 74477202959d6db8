package dev.telltale.integration;

import dev.telltale.Breadcrumb;
import dev.telltale.Scope;
import dev.telltale.event.JourneyAction;
import dev.telltale.processing.EventFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The recent actions of each HTTP session, kept here rather than in the HttpSession (which may be
 * serialized, replicated or inspected). Bounded three ways: actions per session, sessions in total
 * (least recently used forgotten first), and idle time (a session unseen for longer than its own
 * timeout, else 30 minutes, is forgotten). Keys are session ids and live only in this map. Shared
 * by the servlet filter and the agent's servlet hook: {@link #begin} gives a request's scope its
 * session's journey, {@link #end} adds the request's breadcrumbs to it.
 */
public final class SessionJourneys {
    static final long DEFAULT_IDLE_MILLIS = 30L * 60L * 1000L;
    /** Longest action summary remembered: the bound on memory must not depend on what the app logs. */
    static final int MAX_SUMMARY_CHARS = 160;

    private static final Map<Object, SessionJourneys> BY_APPLICATION = new WeakHashMap<>();

    private final int maxSessions;
    private final int maxActions;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    public SessionJourneys(int maxSessions, int maxActions) {
        this.maxSessions = Math.max(0, maxSessions);
        this.maxActions = Math.max(0, maxActions);
    }

    /** Most actions kept per session. */
    public int maxActions() {
        return maxActions;
    }

    /** The store of one web application, shared by every filter instance registered in it. */
    public static SessionJourneys of(Object application, int maxSessions, int maxActions) {
        synchronized (BY_APPLICATION) {
            SessionJourneys j = BY_APPLICATION.get(application);
            if (j == null) {
                j = new SessionJourneys(maxSessions, maxActions);
                BY_APPLICATION.put(application, j);
            }
            return j;
        }
    }

    /**
     * A request starts: its scope gets its session's start and earlier actions, or, without a
     * session, a journey of its own starting now.
     */
    public void begin(Scope scope, String sessionId, long sessionCreatedAt, long now) {
        if (sessionId == null) {
            scope.setJourney(now, Collections.<JourneyAction>emptyList());
            return;
        }
        Snapshot s = get(sessionId, sessionCreatedAt, now);
        scope.setJourney(s.startedAt, s.actions);
    }

    /**
     * A request ended: the newest of its scope's breadcrumbs join its session's journey. A session
     * whose id changed during the request (login with session-fixation protection) keeps its
     * journey; one invalidated (logout) is forgotten.
     *
     * @param sessionIdAtStart the session's id when the request started, or null
     * @param sessionId        its id now, or null when there is none (any more)
     */
    public void end(
            Scope scope,
            String sessionIdAtStart,
            String sessionId,
            long sessionCreatedAt,
            int maxInactiveSeconds,
            long now) {
        if (sessionIdAtStart != null && !sessionIdAtStart.equals(sessionId)) {
            if (sessionId != null) {
                rename(sessionIdAtStart, sessionId);
            } else {
                forget(sessionIdAtStart);
            }
        }
        if (sessionId == null) {
            return;
        }
        List<Breadcrumb> crumbs = scope.breadcrumbs();
        // Only the newest the store keeps are worth turning into actions.
        int from = Math.max(0, crumbs.size() - maxActions);
        List<JourneyAction> actions = new ArrayList<>(crumbs.size() - from);
        for (int i = from; i < crumbs.size(); i++) {
            actions.add(EventFactory.action(crumbs.get(i)));
        }
        record(sessionId, sessionCreatedAt, maxInactiveSeconds, actions, now);
    }

    /** What a session did before: its start and recent actions, oldest first. Does not create an entry. */
    public synchronized Snapshot get(String sessionId, long sessionCreatedAt, long now) {
        expire(now);
        Entry e = entries.get(sessionId);
        if (e == null) {
            return new Snapshot(sessionCreatedAt, Collections.<JourneyAction>emptyList());
        }
        e.lastSeen = now;
        return new Snapshot(e.startedAt, e.actions); // immutable: no copy under the application-wide lock
    }

    /** Appends a request's actions to its session, the newest kept. */
    public void record(
            String sessionId, long sessionCreatedAt, int maxInactiveSeconds, List<JourneyAction> actions, long now) {
        if (maxSessions == 0 || maxActions == 0 || sessionId == null) {
            return;
        }
        // Cut and bound outside the lock: every request of the application waits on it.
        int from = Math.max(0, actions.size() - maxActions);
        List<JourneyAction> fresh = new ArrayList<>(actions.size() - from);
        for (int i = from; i < actions.size(); i++) {
            fresh.add(bounded(actions.get(i)));
        }
        synchronized (this) {
            Entry e = entries.get(sessionId);
            if (e == null) {
                e = new Entry(sessionCreatedAt > 0 ? sessionCreatedAt : now);
                entries.put(sessionId, e);
            }
            e.lastSeen = now;
            e.idleMillis = maxInactiveSeconds > 0 ? maxInactiveSeconds * 1000L : DEFAULT_IDLE_MILLIS;
            e.actions = appended(e.actions, fresh, maxActions);
            trim(now);
        }
    }

    /** {@code old} then {@code fresh}, the newest {@code max} kept, as a new immutable list. */
    private static List<JourneyAction> appended(List<JourneyAction> old, List<JourneyAction> fresh, int max) {
        if (fresh.isEmpty()) {
            return old;
        }
        int keepOld = Math.max(0, Math.min(old.size(), max - fresh.size()));
        List<JourneyAction> out = new ArrayList<>(keepOld + fresh.size());
        out.addAll(old.subList(old.size() - keepOld, old.size()));
        out.addAll(fresh);
        return Collections.unmodifiableList(out);
    }

    /** The least recently used sessions over the cap, then the idle ones, go. Holds the monitor. */
    private void trim(long now) {
        Iterator<Entry> lru = entries.values().iterator();
        while (entries.size() > maxSessions && lru.hasNext()) {
            lru.next();
            lru.remove();
        }
        expire(now);
    }

    /** Follows a session whose id changed (login with session-fixation protection): its journey goes on. */
    public synchronized void rename(String oldId, String newId) {
        if (oldId == null || newId == null || oldId.equals(newId)) {
            return;
        }
        Entry e = entries.remove(oldId);
        if (e != null && !entries.containsKey(newId)) {
            entries.put(newId, e);
        }
    }

    public synchronized void forget(String sessionId) {
        if (sessionId != null) {
            entries.remove(sessionId);
        }
    }

    public synchronized int sessions() {
        return entries.size();
    }

    public synchronized int actions() {
        int n = 0;
        for (Entry e : entries.values()) {
            n += e.actions.size();
        }
        return n;
    }

    /** Drops idle sessions, starting with the least recently seen. */
    private void expire(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now - e.lastSeen <= e.idleMillis) {
                break;
            }
            it.remove();
        }
    }

    private static JourneyAction bounded(JourneyAction a) {
        String s = a.summary();
        if (s.length() <= MAX_SUMMARY_CHARS) {
            return a;
        }
        return new JourneyAction(a.id(), a.source(), s.substring(0, MAX_SUMMARY_CHARS - 1) + "\u2026", a.timestamp());
    }

    private static final class Entry {
        final long startedAt;
        /** Immutable, replaced as a whole: a reader takes it as it is. */
        List<JourneyAction> actions = Collections.emptyList();

        long lastSeen;
        long idleMillis = DEFAULT_IDLE_MILLIS;

        Entry(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    /** A session's start and earlier actions. */
    public static final class Snapshot {
        public final long startedAt;
        public final List<JourneyAction> actions;

        Snapshot(long startedAt, List<JourneyAction> actions) {
            this.startedAt = startedAt;
            this.actions = actions;
        }
    }
}
