package dev.telltale.destination.bugnet;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import dev.telltale.destination.support.EndpointUri;
import dev.telltale.event.Platform;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code bugnet://API_KEY} (Bugnet's public API) or {@code bugnet+http(s)://API_KEY@HOST[:PORT][/PREFIX]}.
 *
 * <p>Options (query parameters): {@code sessions=false} turns off game sessions (on by default);
 * {@code platform=...} overrides the platform name (default from the OS: windows, macos, linux).
 */
public final class BugnetDestinationFactory implements DestinationFactory {
    static final String PUBLIC_BASE = "https://api.bugnet.io";
    private static final String EXAMPLE = "bugnet://API_KEY or bugnet+https://API_KEY@HOST[:PORT][/PREFIX]";
    private static final Set<String> OPTIONS =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("sessions", "platform")));

    @Override
    public Set<String> schemes() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("bugnet", "bugnet+http", "bugnet+https")));
    }

    @Override
    public Destination create(String uri, Settings settings) {
        EndpointUri u = EndpointUri.parse(uri, OPTIONS, EXAMPLE);
        if (!schemes().contains(u.scheme())) {
            throw new IllegalArgumentException("not a bugnet URI (expected " + EXAMPLE + ")");
        }
        if (u.credential().isEmpty()) {
            throw new IllegalArgumentException("the API key is missing (expected " + EXAMPLE + ")");
        }
        u.requirePrintableCredential("the API key");
        boolean sessions = u.flag("sessions", true);
        String platform =
                u.option("platform", BugnetEncoder.platformOf(Platform.current().osName()));
        if (u.scheme().equals("bugnet")) {
            if (u.hasHost() || !u.path().isEmpty()) {
                throw new IllegalArgumentException("bugnet:// takes only the API key; for another server use "
                        + "bugnet+https://API_KEY@HOST[:PORT][/PREFIX]");
            }
            return new BugnetDestination(
                    "bugnet(api.bugnet.io)", u.credential(), PUBLIC_BASE, sessions, platform, settings);
        }
        if (!u.hasHost()) {
            throw new IllegalArgumentException("expected " + u.scheme() + "://API_KEY@HOST[:PORT][/PREFIX]");
        }
        return new BugnetDestination(
                "bugnet(" + u.hostPort() + u.path() + ")", u.credential(), u.baseUrl(), sessions, platform, settings);
    }
}
