package dev.telltale.destination.bugsnag;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import dev.telltale.destination.support.EndpointUri;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code bugsnag://API_KEY} (BugSnag's public notify and sessions endpoints) or
 * {@code bugsnag+http(s)://API_KEY@HOST[:PORT][/PATH]} (an on-premise server, or a test server).
 *
 * <p>Options (query parameters): {@code sessions=true} reports one session per process run;
 * {@code sessionsEndpoint=URL} where sessions go for a custom host (default {@code {base}{PATH}/sessions});
 * {@code appType=...} ({@code app.type}, default {@code java}).
 */
public final class BugsnagDestinationFactory implements DestinationFactory {
    static final String NOTIFY = "https://notify.bugsnag.com/";
    static final String SESSIONS = "https://sessions.bugsnag.com/";
    private static final String EXAMPLE = "bugsnag://API_KEY or bugsnag+https://API_KEY@HOST[:PORT][/PATH]";
    private static final Set<String> OPTIONS =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("sessions", "sessionsEndpoint", "appType")));

    @Override
    public Set<String> schemes() {
        return Collections.unmodifiableSet(
                new LinkedHashSet<>(Arrays.asList("bugsnag", "bugsnag+http", "bugsnag+https")));
    }

    @Override
    public Destination create(String uri, Settings settings) {
        EndpointUri u = EndpointUri.parse(uri, OPTIONS, EXAMPLE);
        if (!schemes().contains(u.scheme())) {
            throw new IllegalArgumentException("not a bugsnag URI (expected " + EXAMPLE + ")");
        }
        checkKey(u.credential());
        boolean sessions = u.flag("sessions", false);
        String appType = u.option("appType", "java");
        if (u.scheme().equals("bugsnag")) {
            if (u.hasHost() || !u.path().isEmpty()) {
                throw new IllegalArgumentException("bugsnag:// takes only the API key; for another server use "
                        + "bugsnag+https://API_KEY@HOST[:PORT][/PATH]");
            }
            String sessionsUrl = httpUrl(u.option("sessionsEndpoint", SESSIONS));
            return new BugsnagDestination(
                    "bugsnag(notify.bugsnag.com)", u.credential(), NOTIFY, sessionsUrl, sessions, appType, settings);
        }
        if (!u.hasHost()) {
            throw new IllegalArgumentException("expected " + u.scheme() + "://API_KEY@HOST[:PORT][/PATH]");
        }
        String base = u.baseUrl();
        String notify = u.path().isEmpty() ? base + "/" : base;
        String sessionsUrl = httpUrl(u.option("sessionsEndpoint", base + "/sessions"));
        return new BugsnagDestination(
                "bugsnag(" + u.hostPort() + u.path() + ")",
                u.credential(),
                notify,
                sessionsUrl,
                sessions,
                appType,
                settings);
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the API key is missing (expected " + EXAMPLE + ")");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                throw new IllegalArgumentException("the API key may hold only letters, digits, '-' and '_'");
            }
        }
    }

    private static String httpUrl(String url) {
        if (!(url.startsWith("http://") || url.startsWith("https://"))
                || url.indexOf('@') >= 0
                || url.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("sessionsEndpoint must be an http(s) URL without credentials");
        }
        return url;
    }
}
