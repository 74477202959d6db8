package dev.telltale.destination.support;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A destination URI taken apart by hand: {@code java.net.URI} puts the whole input into its
 * exception messages, and the input holds a secret. Every message here is secret-free.
 *
 * <p>Internal (see the package): shared by the BugSnag, Bugnet and bug-report destinations.
 */
public final class EndpointUri {
    private final String scheme;
    private final String credential;
    private final String hostPort;
    private final String path;
    private final Map<String, String> options;

    private EndpointUri(String scheme, String credential, String hostPort, String path, Map<String, String> options) {
        this.scheme = scheme;
        this.credential = credential;
        this.hostPort = hostPort;
        this.path = path;
        this.options = options;
    }

    /**
     * @param known the query options this destination understands; any other is refused (a typo
     *              would otherwise be silently ignored); null takes every option
     */
    public static EndpointUri parse(String uri, Set<String> known, String example) {
        String s = uri == null ? "" : uri.trim();
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("expected " + example);
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = s.substring(sep + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (known != null && !known.contains(k)) {
                    throw new IllegalArgumentException(
                            "unknown option '" + printable(k) + "' (known: " + String.join(", ", known) + ")");
                }
                options.put(k, v);
            }
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int at = authority.lastIndexOf('@');
        String credential = decode(at < 0 ? authority : authority.substring(0, at));
        String hostPort = at < 0 ? "" : authority.substring(at + 1);
        if (at >= 0) {
            checkHostPort(hostPort, example);
        }
        if (path.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("the path may not contain spaces");
        }
        return new EndpointUri(
                scheme,
                credential,
                hostPort,
                path,
                options.isEmpty() ? Collections.<String, String>emptyMap() : Collections.unmodifiableMap(options));
    }

    /** Lower case, e.g. {@code bugsnag+https}. */
    public String scheme() {
        return scheme;
    }

    /** Decoded user info (the credential), or the whole authority for {@code scheme://KEY}. */
    public String credential() {
        return credential;
    }

    /** {@code host[:port]}, empty for {@code scheme://KEY}. */
    public String hostPort() {
        return hostPort;
    }

    /** Path without trailing slashes, empty or starting with '/'. */
    public String path() {
        return path;
    }

    /** The query options, decoded, in their order (immutable). */
    public Map<String, String> options() {
        return options;
    }

    /** True when the URI had a {@code credential@host} authority. */
    public boolean hasHost() {
        return !hostPort.isEmpty();
    }

    /**
     * Refuses a credential holding a space or a control character; {@code what} names it in the
     * message ({@code "the token"}), never its value.
     */
    public void requirePrintableCredential(String what) {
        for (int i = 0; i < credential.length(); i++) {
            char c = credential.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " may not contain spaces or control characters");
            }
        }
    }

    /** {@code http(s)://host[:port]/path} (no trailing slash) for a {@code base+http(s)://credential@host} URI. */
    public String baseUrl() {
        return transportScheme() + "://" + hostPort + path;
    }

    /** {@code http} or {@code https} from a {@code base+http(s)} scheme. */
    public String transportScheme() {
        int plus = scheme.indexOf('+');
        return plus < 0 ? "https" : scheme.substring(plus + 1);
    }

    /** The option's trimmed value, or {@code def} when it is absent or blank. */
    public String option(String name, String def) {
        String v = options.get(name);
        return v == null || v.trim().isEmpty() ? def : v.trim();
    }

    /** A boolean option: true/1/yes (or a bare name), false/0/no; anything else is refused. */
    public boolean flag(String name, boolean def) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("true") || t.equals("1") || t.equals("yes")) {
            return true;
        }
        if (t.equals("false") || t.equals("0") || t.equals("no")) {
            return false;
        }
        throw new IllegalArgumentException("option '" + name + "' must be true or false");
    }

    private static void checkHostPort(String hostPort, String example) {
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("a host is missing after '@' (expected " + example + ")");
        }
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 host must be closed with ']'");
            }
            host = hostPort.substring(0, close + 1);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("malformed host");
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1);
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                    throw new IllegalArgumentException(
                            "the host '" + printable(host) + "' holds a character a host name may not have");
                }
            }
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port != null) {
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("the port must be a number from 1 to 65535");
            }
        }
    }

    /** Percent-decoding only ('+' stays '+': keys and tokens may contain it). */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), "UTF-8");
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding");
        }
    }

    private static String printable(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "\u2026" : s;
    }
}
