package dev.telltale.event;

import dev.telltale.internal.util.Maps;
import java.util.Collections;
import java.util.List;

/** The user's journey up to an event: when the session started and its recent actions. Immutable. */
public final class Journey {
    public static final Journey EMPTY = new Journey(0L, Collections.<JourneyAction>emptyList());

    private final long sessionStartedAt;
    private final List<JourneyAction> recentActions;

    public Journey(long sessionStartedAt, List<JourneyAction> recentActions) {
        this.sessionStartedAt = sessionStartedAt;
        this.recentActions = Maps.copy(recentActions);
    }

    /** Epoch milliseconds; 0 when unknown. */
    public long sessionStartedAt() {
        return sessionStartedAt;
    }

    /** Oldest first. */
    public List<JourneyAction> recentActions() {
        return recentActions;
    }

    public boolean isEmpty() {
        return sessionStartedAt == 0L && recentActions.isEmpty();
    }
}
