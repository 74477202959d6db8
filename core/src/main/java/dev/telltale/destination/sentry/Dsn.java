package dev.telltale.destination.sentry;

import dev.telltale.internal.util.Strings;
import java.util.Locale;

/**
 * A Sentry DSN, {@code http(s)://PUBLIC_KEY[:SECRET]@HOST[:PORT]/[PATH_PREFIX/]PROJECT_ID}, parsed as
 * the official SDKs read it: the project id is the last path segment, anything before it is a path
 * prefix of the ingest URL. Parsed by hand rather than with {@link java.net.URI} so that host names
 * with underscores (common in container networks) work and no error message can echo the key.
 * Immutable.
 */
final class Dsn {
    private final String scheme;
    private final String publicKey;
    private final String secretKey;
    private final String host;
    private final int port;
    private final String pathPrefix;
    private final String projectId;

    private Dsn(
            String scheme,
            String publicKey,
            String secretKey,
            String host,
            int port,
            String pathPrefix,
            String projectId) {
        this.scheme = scheme;
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.host = host;
        this.port = port;
        this.pathPrefix = pathPrefix;
        this.projectId = projectId;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong; the message never contains the keys
     */
    static Dsn parse(String dsn) {
        String s = dsn == null ? "" : dsn.trim();
        int schemeEnd = s.indexOf("://");
        if (schemeEnd <= 0) {
            throw bad("it is not a URL (expected http(s)://PUBLIC_KEY@HOST/PROJECT_ID)");
        }
        String scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad("the scheme must be http or https, not '" + Strings.printable(scheme) + "'");
        }
        String rest = s.substring(schemeEnd + 3);
        int cut = firstOf(rest, "?#");
        if (cut >= 0) {
            rest = rest.substring(0, cut); // like the official SDKs, a query or fragment is ignored
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);

        int at = authority.lastIndexOf('@');
        if (at < 0) {
            throw bad("it has no public key (expected " + scheme + "://PUBLIC_KEY@HOST/PROJECT_ID)");
        }
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        String publicKey = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String secretKey = colon < 0 ? "" : userInfo.substring(colon + 1);
        if (publicKey.isEmpty()) {
            throw bad("the public key before '@' is empty");
        }
        if (!isKey(publicKey) || !isKey(secretKey)) {
            throw bad("the key before '@' contains characters a Sentry key never has");
        }

        String hostPort = authority.substring(at + 1);
        String host;
        String portText = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad("the IPv6 host has no closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad("unexpected text after the IPv6 host");
                }
                portText = after.substring(1);
            }
            if (!isIpv6Literal(host.substring(1, host.length() - 1))) {
                throw bad("'" + Strings.printable(host) + "' is not an IPv6 address");
            }
        } else {
            int c = hostPort.lastIndexOf(':');
            host = c < 0 ? hostPort : hostPort.substring(0, c);
            portText = c < 0 ? "" : hostPort.substring(c + 1);
            if (host.isEmpty()) {
                throw bad("it has no host after '@'");
            }
            if (!isHostName(host)) {
                throw bad("'" + Strings.printable(host) + "' is not a valid host name");
            }
        }
        int port = -1;
        if (hostPort.endsWith(":")) {
            throw bad("the port after ':' is empty");
        }
        if (!portText.isEmpty()) {
            port = parsePort(portText);
        }

        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int last = trimmed.lastIndexOf('/');
        String projectId = last < 0 ? "" : trimmed.substring(last + 1);
        String prefix = last < 0 ? "" : trimmed.substring(0, last);
        if (projectId.isEmpty()) {
            throw bad("it has no project id (the last path segment, e.g. " + scheme + "://KEY@HOST/42)");
        }
        if (!isDigits(projectId)) {
            throw bad("the project id '" + Strings.printable(projectId) + "' is not a number");
        }
        if (prefix.contains("//") || prefix.endsWith("/") || !isPath(prefix)) {
            throw bad("the path before the project id is not a plain URL path");
        }
        return new Dsn(scheme, publicKey, secretKey, host.toLowerCase(Locale.ROOT), port, prefix, projectId);
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("not a valid Sentry DSN: " + why);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int parsePort(String text) {
        if (!isDigits(text) || text.length() > 5) {
            throw bad("the port '" + Strings.printable(text) + "' is not a number from 1 to 65535");
        }
        int p = Integer.parseInt(text);
        if (p < 1 || p > 65535) {
            throw bad("the port " + p + " is not from 1 to 65535");
        }
        return p;
    }

    private static boolean isKey(String k) {
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == '@' || c == ',' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostName(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !h.startsWith(".") && !h.contains("..");
    }

    private static boolean isIpv6Literal(String a) {
        if (a.isEmpty() || a.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPath(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "/-._~%!$&'()*+;=:@".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    String scheme() {
        return scheme;
    }

    String publicKey() {
        return publicKey;
    }

    /** Empty when the DSN has none (modern DSNs never do). */
    String secretKey() {
        return secretKey;
    }

    /** Lower-case; an IPv6 address keeps its brackets. */
    String host() {
        return host;
    }

    /** -1 when the DSN names none. */
    int port() {
        return port;
    }

    /** Empty, or {@code /some/prefix} without a trailing slash. */
    String pathPrefix() {
        return pathPrefix;
    }

    String projectId() {
        return projectId;
    }

    private String hostPort() {
        return port < 0 ? host : host + ":" + port;
    }

    /** {@code {scheme}://{host}{prefix}/api/{project}/envelope/}. */
    String envelopeUrl() {
        return scheme + "://" + hostPort() + pathPrefix + "/api/" + projectId + "/envelope/";
    }

    /** Where events go, without any key: {@code host:port/prefix/42}. */
    String location() {
        return hostPort() + pathPrefix + "/" + projectId;
    }

    /** The DSN with the public key only (as the envelope header carries it); never the secret. */
    String withoutSecret() {
        return scheme + "://" + publicKey + "@" + location();
    }
}
