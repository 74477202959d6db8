package dev.telltale.processing;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.config.Settings;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.internal.BreadcrumbRing;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.util.Maps;
import dev.telltale.internal.util.Strings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Step one on the sender thread: turns a {@link PendingEvent} into an {@link Event}, enriched with
 * the scope snapshot and the client's settings (release, environment, server name, default tags).
 */
public final class EventFactory {
    /** Longest formatted message kept. */
    public static final int MAX_MESSAGE_CHARS = 8_192;
    /** Most recent actions kept in an event's journey. */
    public static final int MAX_JOURNEY_ACTIONS = 50;

    private final Settings settings;
    private final Supplier<String> serverName;

    public EventFactory(Settings settings, Supplier<String> serverName) {
        this.settings = settings;
        this.serverName = serverName;
    }

    public Event create(PendingEvent p) {
        Event.Builder b = Event.builder(p.eventId)
                .timestamp(p.timestamp)
                .level(p.scope.level != null && p.level != Level.FATAL ? p.scope.level : p.level)
                .mechanism(p.mechanism)
                .message(
                        Strings.clean(p.messageTemplate, MAX_MESSAGE_CHARS),
                        Strings.clean(p.message, MAX_MESSAGE_CHARS))
                .logger(Strings.clean(p.logger, 256))
                .threadName(Strings.clean(p.threadName, 256))
                .threadId(p.threadId)
                .threadFrames(ExceptionChain.callerFrames(p.callerStack))
                .exceptions(ExceptionChain.of(p.throwable))
                .user(p.scope.user)
                .request(p.scope.request)
                .release(settings.release())
                .environment(settings.environment())
                .serverName(serverName.get());

        List<Breadcrumb> crumbs = BreadcrumbRing.ordered(p.scope.ringCrumbs, settings.maxBreadcrumbs());
        if (!p.scope.eventCrumbs.isEmpty()) {
            crumbs.addAll(p.scope.eventCrumbs);
            int max = settings.maxBreadcrumbs(); // 0: no breadcrumbs at all, not even this event's
            if (crumbs.size() > max) {
                crumbs = new ArrayList<>(crumbs.subList(crumbs.size() - max, crumbs.size()));
            }
        }
        b.breadcrumbs(crumbs);
        b.journey(journey(p.scope.sessionStartedAt, p.scope.priorActions, crumbs));

        b.tags(cleanMap(Maps.merge(Maps.merge(settings.tags(), p.scope.tags), p.tags), 200));
        b.extras(cleanMap(Maps.merge(p.scope.extra, p.extra), 16_384));
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e :
                Maps.merge(p.scope.contexts, p.contexts).entrySet()) {
            contexts.put(Strings.clean(e.getKey(), 64), cleanMap(e.getValue(), 4_096));
        }
        b.contexts(contexts);
        b.fingerprint(!p.fingerprint.isEmpty() ? p.fingerprint : p.scope.fingerprint);
        return b.build();
    }

    /** The journey: the session's earlier actions, then this scope's breadcrumbs, the newest kept. */
    static Journey journey(long sessionStartedAt, List<JourneyAction> prior, List<Breadcrumb> crumbs) {
        List<JourneyAction> actions = new ArrayList<>(prior.size() + crumbs.size());
        actions.addAll(prior);
        for (Breadcrumb c : crumbs) {
            actions.add(action(c));
        }
        if (actions.size() > MAX_JOURNEY_ACTIONS) {
            actions = actions.subList(actions.size() - MAX_JOURNEY_ACTIONS, actions.size());
        }
        return new Journey(sessionStartedAt, actions);
    }

    /** A breadcrumb seen as a journey action: source is its category (else its type). */
    public static JourneyAction action(Breadcrumb c) {
        String source = c.category().isEmpty() ? c.type() : c.category();
        String summary = c.message().isEmpty() ? c.type() + (c.data().isEmpty() ? "" : " " + c.data()) : c.message();
        return new JourneyAction("bc-" + c.sequence(), source, Strings.clean(summary, 512), c.timestamp());
    }

    private static Map<String, String> cleanMap(Map<String, String> m, int maxValue) {
        if (m.isEmpty()) {
            return m;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (out.size() >= 100) {
                break;
            }
            out.put(Strings.clean(e.getKey(), 200), Strings.clean(e.getValue(), maxValue));
        }
        return out;
    }
}
