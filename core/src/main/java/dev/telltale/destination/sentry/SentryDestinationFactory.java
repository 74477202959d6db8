package dev.telltale.destination.sentry;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * A Sentry DSN is the destination URI: {@code https://PUBLIC_KEY@HOST[:PORT]/[PREFIX/]PROJECT_ID}
 * (sentry.io, self-hosted Sentry, Bugsink). Claims the plain {@code http} and {@code https} schemes.
 */
public final class SentryDestinationFactory implements DestinationFactory {
    private static final Set<String> SCHEMES =
            Collections.unmodifiableSet(new LinkedHashSet<>(java.util.Arrays.asList("http", "https")));

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public Destination create(String uri, Settings settings) {
        return new SentryDestination(
                Dsn.parse(uri),
                Version.VALUE,
                settings == null ? "" : settings.dist(),
                sessionsRequested(uri),
                settings);
    }

    /**
     * {@code ?sessions=true} on the DSN turns on release health (one session per process run). Real
     * DSNs carry no query (the SDKs ignore one), so this never changes what an existing DSN does.
     */
    static boolean sessionsRequested(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return false;
        }
        int hash = uri.indexOf('#', q);
        for (String pair : uri.substring(q + 1, hash < 0 ? uri.length() : hash).split("&")) {
            if (pair.trim().equalsIgnoreCase("sessions=true")) {
                return true;
            }
        }
        return false;
    }

    /** Telltale's version, from the resource the build writes; read once. */
    static final class Version {
        static final String VALUE = read();

        private Version() {}

        private static String read() {
            String resource = "/dev/telltale/telltale-version.properties";
            try (InputStream in = SentryDestinationFactory.class.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version", "").trim();
                    if (!v.isEmpty() && !v.contains("${")) {
                        return v;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // an unreadable resource must not stop the destination
            }
            return "unknown";
        }
    }
}
