package dev.telltale.destination.bugreport;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import dev.telltale.destination.support.EndpointUri;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code bugreport+http(s)://TOKEN@HOST[:PORT]/BASE_PATH}: events are POSTed to
 * {@code {BASE_PATH}/bug-reports/auto} with {@code Authorization: Bearer TOKEN}.
 *
 * <p>Options (query parameters): {@code source} ({@code auto:server} by default; {@code auto:client},
 * {@code auto:agent}), {@code workspaceId}, {@code spaceId}.
 */
public final class BugReportDestinationFactory implements DestinationFactory {
    static final String DEFAULT_SOURCE = "auto:server";
    private static final String EXAMPLE = "bugreport+https://TOKEN@HOST[:PORT]/BASE_PATH";
    private static final Set<String> OPTIONS =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("source", "workspaceId", "spaceId")));

    @Override
    public Set<String> schemes() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("bugreport+http", "bugreport+https")));
    }

    @Override
    public Destination create(String uri, Settings settings) {
        EndpointUri u = EndpointUri.parse(uri, OPTIONS, EXAMPLE);
        if (!schemes().contains(u.scheme())) {
            throw new IllegalArgumentException("not a bug-report URI (expected " + EXAMPLE + ")");
        }
        if (!u.hasHost()) {
            throw new IllegalArgumentException("the token or the host is missing (expected " + EXAMPLE + ")");
        }
        if (u.credential().isEmpty()) {
            throw new IllegalArgumentException("the token is missing before '@' (expected " + EXAMPLE + ")");
        }
        u.requirePrintableCredential("the token");
        String source = u.option("source", DEFAULT_SOURCE);
        if (!source.startsWith("auto:") || source.length() == "auto:".length()) {
            throw new IllegalArgumentException("option 'source' must be auto:server, auto:client or auto:agent");
        }
        BugReportEncoder encoder = new BugReportEncoder(source, u.option("workspaceId", ""), u.option("spaceId", ""));
        String url = u.baseUrl() + "/bug-reports/auto";
        return new BugReportDestination("bugreport(" + u.hostPort() + u.path() + ")", u.credential(), url, encoder);
    }
}
