package dev.telltale.internal.check;

import dev.telltale.destination.support.EndpointUri;
import dev.telltale.internal.util.Strings;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One read (management) credential: {@code KIND[+http|+https]://TOKEN@HOST[:PORT][/PATH][?k=v]},
 * {@code https} unless {@code +http} is given. Kinds: {@code bugsink-api}, {@code sentry-api},
 * {@code bugsnag-api}, {@code bugnet-api}, {@code bugreport-api}. The token may be percent-encoded
 * (a token with {@code @}, {@code /} or {@code ,}). Error messages and {@link #toString()} never
 * contain the token.
 */
final class ReadApiUri {
    static final List<String> KINDS = Collections.unmodifiableList(
            Arrays.asList("bugsink-api", "sentry-api", "bugsnag-api", "bugnet-api", "bugreport-api"));
    static final String EXAMPLE = "KIND://TOKEN@HOST[:PORT][/PATH] with KIND one of " + String.join(", ", KINDS);

    final String kind;
    final String scheme;
    final String token;
    final String host;
    final int port;
    /** Path segments, decoded; never null. */
    final List<String> path;

    final Map<String, String> query;

    private ReadApiUri(
            String kind,
            String scheme,
            String token,
            String host,
            int port,
            List<String> path,
            Map<String, String> query) {
        this.kind = kind;
        this.scheme = scheme;
        this.token = token;
        this.host = host;
        this.port = port;
        this.path = path;
        this.query = query;
    }

    /** @throws IllegalArgumentException with a message that never contains the token */
    static ReadApiUri parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a read-API URI (expected " + EXAMPLE + ")");
        }
        String fullScheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        String kind = fullScheme;
        int plus = fullScheme.indexOf('+');
        if (plus > 0) {
            kind = fullScheme.substring(0, plus);
        }
        String example = kind + "://TOKEN@HOST[:PORT][/PATH]";
        EndpointUri u;
        try {
            // the destinations' parser: query, credential, host and port checked, messages secret-free
            u = KINDS.contains(kind) ? EndpointUri.parse(s, null, example) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind + ": " + e.getMessage());
        }
        String scheme = u == null ? "" : u.transportScheme();
        if (u == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(
                    "unknown read-API kind '" + Strings.printable(fullScheme) + "' (expected " + EXAMPLE + ")");
        }
        if (!u.hasHost() || u.credential().isEmpty()) {
            throw new IllegalArgumentException(
                    kind + ": the token is missing (expected " + kind + "://TOKEN@HOST[/PATH])");
        }
        String hostPort = u.hostPort();
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon > 0 && !hostPort.endsWith("]");
        List<String> path = new ArrayList<>();
        for (String seg : u.path().split("/")) {
            if (!seg.isEmpty()) {
                path.add(decode(seg));
            }
        }
        String host = (hasPort ? hostPort.substring(0, colon) : hostPort).toLowerCase(Locale.ROOT);
        int port = hasPort ? Integer.parseInt(hostPort.substring(colon + 1)) : -1; // EndpointUri checked it
        return new ReadApiUri(
                kind, scheme, u.credential(), host, port, Collections.unmodifiableList(path), u.options());
    }

    /** Splits a comma-separated list; a bad entry becomes one problem line, the others are kept. */
    static List<ReadApiUri> parseAll(String list, List<String> problems) {
        List<ReadApiUri> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String item : list.split(",")) {
            if (item.trim().isEmpty()) {
                continue;
            }
            try {
                out.add(parse(item));
            } catch (IllegalArgumentException e) {
                problems.add("read-api entry skipped: " + e.getMessage());
            }
        }
        return out;
    }

    String hostPort() {
        return port < 0 ? host : host + ":" + port;
    }

    /** {@code scheme://host[:port]} followed by the first {@code n} path segments. */
    String base(int n) {
        StringBuilder b = new StringBuilder(scheme).append("://").append(hostPort());
        for (int i = 0; i < Math.min(n, path.size()); i++) {
            b.append('/').append(Urls.encode(path.get(i)));
        }
        return b.toString();
    }

    String segment(int i) {
        return i < path.size() ? path.get(i) : "";
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), "UTF-8");
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            return s;
        }
    }

    /** Secret-free: {@code kind(host[:port]/path)}. */
    @Override
    public String toString() {
        return kind + "(" + hostPort() + (path.isEmpty() ? "" : "/" + String.join("/", path)) + ")";
    }
}
