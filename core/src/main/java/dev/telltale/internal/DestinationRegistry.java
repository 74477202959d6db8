package dev.telltale.internal;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the factory for each destination URI by its scheme: the built-in backends by class name
 * (so a relocated agent jar needs no service file), others through {@link ServiceLoader}. A URI
 * that cannot be used gets one diagnostic line and is skipped; the rest start.
 */
public final class DestinationRegistry {
    private static final String[] BUILT_IN = {
            "dev.telltale.destination.file.FileDestinationFactory",
            "dev.telltale.destination.console.ConsoleDestinationFactory",
            "dev.telltale.destination.sentry.SentryDestinationFactory",
            "dev.telltale.destination.bugsnag.BugsnagDestinationFactory",
            "dev.telltale.destination.bugnet.BugnetDestinationFactory",
            "dev.telltale.destination.bugreport.BugReportDestinationFactory",
    };

    private final Map<String, DestinationFactory> byScheme = new LinkedHashMap<>();

    public DestinationRegistry() {
        for (String name : BUILT_IN) {
            try {
                Class<?> c = Class.forName(name, true, DestinationRegistry.class.getClassLoader());
                register((DestinationFactory) c.getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException absent) {
                // that backend is not part of this build
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // ignored here; a URI of its scheme will get a clear "unknown scheme" line
            }
        }
        try {
            ClassLoader loader = DestinationRegistry.class.getClassLoader();
            for (DestinationFactory f : ServiceLoader.load(DestinationFactory.class, loader)) {
                for (String s : f.schemes()) {
                    byScheme.putIfAbsent(s.toLowerCase(Locale.ROOT), f);
                }
            }
        } catch (Throwable e) {
            // a broken third-party service file must not stop the built-in backends
        }
    }

    public void register(DestinationFactory f) {
        for (String s : f.schemes()) {
            byScheme.put(s.toLowerCase(Locale.ROOT), f);
        }
    }

    /** The scheme of a URI: text before the first ':' (lower-case), or empty. */
    public static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon <= 0 ? "" : uri.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    }

    /** A form of the URI that is safe to print: user info and query removed. */
    public static String redact(String uri) {
        String s = uri.trim();
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        int schemeEnd = s.indexOf("://");
        if (schemeEnd >= 0) {
            int at = s.indexOf('@', schemeEnd + 3);
            int slash = s.indexOf('/', schemeEnd + 3);
            if (at >= 0 && (slash < 0 || at < slash)) {
                s = s.substring(0, schemeEnd + 3) + "***@" + s.substring(at + 1);
            } else if (slash < 0 && s.length() > schemeEnd + 3 && !s.substring(schemeEnd + 3).contains(".")
                    && !s.substring(schemeEnd + 3).contains(":")) {
                s = s.substring(0, schemeEnd + 3) + "***"; // bugsnag://KEY
            }
        }
        return s;
    }

    /** Creates every usable destination; problems go to {@code diagnostics}. */
    public List<Destination> createAll(Settings settings, Diagnostics diagnostics) {
        List<Destination> out = new ArrayList<>();
        for (String uri : settings.destinations()) {
            Destination d = create(uri, settings, diagnostics);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    public Destination create(String uri, Settings settings, Diagnostics diagnostics) {
        String scheme = scheme(uri);
        DestinationFactory f = byScheme.get(scheme);
        if (f == null) {
            diagnostics.warn("destination '" + redact(uri) + "' skipped: unknown scheme '" + scheme
                    + "' (known: " + String.join(", ", byScheme.keySet()) + ")");
            return null;
        }
        try {
            return f.create(uri.trim(), settings);
        } catch (IllegalArgumentException e) {
            diagnostics.warn("destination '" + redact(uri) + "' skipped: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            diagnostics.warn("destination '" + redact(uri) + "' skipped: " + e.getClass().getName());
        }
        return null;
    }
}
