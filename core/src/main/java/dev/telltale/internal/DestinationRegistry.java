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

    /**
     * A form of the URI that is safe to print. A destination value holds a key, and a malformed one
     * holds it anywhere (a bare key, {@code scheme:/KEY@h}, a fragment, two DSNs joined by a space), so
     * this keeps only what cannot be one: a well-formed scheme, a host after {@code @} or a host-like
     * authority, a plain path. Everything else becomes {@code ***}; query and fragment are dropped.
     */
    public static String redact(String uri) {
        String s = uri == null ? "" : uri.trim();
        int colon = s.indexOf(':');
        String scheme = colon <= 0 ? "" : s.substring(0, colon);
        if (!isSchemeToken(scheme)) {
            return "***";
        }
        String rest = s.substring(colon + 1);
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (lower.equals("file") || lower.equals("console")) {
            // A directory is shown (the user needs to know which); a user part before '@' is not.
            return scheme + ":" + (rest.indexOf('@') >= 0 ? "***" : bounded(rest));
        }
        if (!rest.startsWith("//")) {
            return scheme + ":***";
        }
        rest = rest.substring(2);
        int end = firstOf(rest, "?# \t,");
        if (end >= 0) {
            rest = rest.substring(0, end);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        String host = at < 0 ? authority : authority.substring(at + 1);
        boolean hostLike = isHostToken(host) && (at >= 0 || looksLikeHost(host));
        StringBuilder b = new StringBuilder(scheme).append("://");
        if (at >= 0) {
            b.append("***@");
        }
        b.append(hostLike ? host : "***");
        if (!path.isEmpty()) {
            b.append(isPathToken(path) ? path : "/\u2026");
        }
        return b.toString();
    }

    /**
     * A factory's message with every word that comes from the URI but not from its printable form
     * masked: a parser that quotes a piece of a malformed value must not quote the key.
     */
    static String maskEchoes(String message, String uri, String shown) {
        if (message == null) {
            return "";
        }
        if (message.length() > 2000) {
            message = message.substring(0, 2000);
        }
        StringBuilder out = new StringBuilder(message.length());
        int i = 0;
        while (i < message.length()) {
            int j = i;
            while (j < message.length() && isWordChar(message.charAt(j))) {
                j++;
            }
            if (j == i) {
                out.append(message.charAt(i++));
                continue;
            }
            String word = message.substring(i, j);
            boolean echo = echoes(word, uri, shown);
            out.append(echo ? "***" : word);
            i = j;
        }
        return out.toString();
    }

    /** True when the word, or six consecutive characters of it (a cut quote), come from the URI. */
    private static boolean echoes(String word, String uri, String shown) {
        if (word.length() < 4) {
            return false;
        }
        if (word.length() <= 6) {
            return uri.contains(word) && !shown.contains(word);
        }
        for (int k = 0; k + 6 <= word.length(); k++) {
            String w = word.substring(k, k + 6);
            if (uri.contains(w) && !shown.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c)
                || c == '_'
                || c == '-'
                || c == '.'
                || c == '~'
                || c == '+'
                || c == '='
                || c == '/'
                || c == '%'
                || c > 0x7f;
    }

    /**
     * Without an {@code @} the authority may be a host or a key ({@code bugsnag://KEY}, a forgotten
     * {@code @}): shown only when it cannot be a key - a port that is digits and a first label
     * shorter than any backend's key.
     */
    private static boolean looksLikeHost(String h) {
        int colon = h.lastIndexOf(':');
        String name = h;
        if (colon >= 0 && !h.endsWith("]")) {
            for (int i = colon + 1; i < h.length(); i++) {
                if (h.charAt(i) < '0' || h.charAt(i) > '9') {
                    return false;
                }
            }
            name = h.substring(0, colon);
        }
        if (name.startsWith("[") || name.equalsIgnoreCase("localhost")) {
            return true;
        }
        int dot = name.indexOf('.');
        return dot > 0 && dot < 16;
    }

    private static boolean isSchemeToken(String s) {
        if (s.isEmpty() || s.length() > 24 || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostToken(String h) {
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_'
                    || c == ':'
                    || c == '['
                    || c == ']')) {
                return false;
            }
        }
        return true;
    }

    /** A plain path of short segments (a project id, a prefix): a key-length segment is not shown. */
    private static boolean isPathToken(String p) {
        if (p.length() > 64) {
            return false;
        }
        for (String segment : p.split("/")) {
            boolean digits = false;
            boolean letters = false;
            for (int i = 0; i < segment.length(); i++) {
                digits |= Character.isDigit(segment.charAt(i));
                letters |= Character.isLetter(segment.charAt(i));
            }
            if (segment.length() >= 16 || (digits && letters)) {
                return false; // a project id is digits, a prefix a word; a key mixes both
            }
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '/'
                    || c == '.'
                    || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String bounded(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= 120) {
                return b.append('\u2026').toString();
            }
            char c = s.charAt(i);
            b.append(c < ' ' || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
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
        String shown = redact(uri);
        DestinationFactory f = byScheme.get(scheme);
        if (f == null) {
            diagnostics.warn("destination '" + shown + "' skipped: "
                    + (isSchemeToken(scheme) ? "unknown scheme '" + scheme + "'" : "it does not start with a scheme")
                    + " (known: " + String.join(", ", byScheme.keySet()) + ")");
            return null;
        }
        try {
            return f.create(uri.trim(), settings);
        } catch (IllegalArgumentException e) {
            diagnostics.warn("destination '" + shown + "' skipped: " + maskEchoes(e.getMessage(), uri, shown));
        } catch (RuntimeException | LinkageError e) {
            diagnostics.warn(
                    "destination '" + shown + "' skipped: " + e.getClass().getName());
        }
        return null;
    }
}
