package dev.telltale.config;

import dev.telltale.internal.util.Strings;
import java.util.List;
import java.util.Locale;

/** The {@code proxy} key: parsed and checked apart from the other keys (it is the only address one). */
final class ProxyValue {
    private ProxyValue() {}

    /**
     * {@code host:port} or {@code [v6]:port}; {@code http://host:port} is taken as {@code host:port}.
     * Credentials are refused (the transport cannot answer a proxy's challenge, and a value with a
     * user part would otherwise reach the resolver as a host name): one line that never shows them.
     */
    static String parse(String v, List<String> problems) {
        if (Strings.isBlank(v)) {
            return "";
        }
        String t = v.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        int sep = t.indexOf("://");
        if (sep >= 0) {
            if (!lower.startsWith("http://")) {
                problems.add(
                        "config proxy: only an HTTP proxy is supported (http://host:port or host:port); using no proxy");
                return "";
            }
            t = t.substring(sep + 3);
            while (t.endsWith("/")) {
                t = t.substring(0, t.length() - 1);
            }
        }
        if (t.indexOf('@') >= 0) {
            problems.add("config proxy: credentials in the proxy value are not supported (the value is not shown);"
                    + " expected " + ConfigKey.PROXY.expected() + " without user or password; using no proxy");
            return "";
        }
        String hostPort = validHostPort(t);
        if (hostPort == null) {
            problems.add(ConfigResolver.problem(ConfigKey.PROXY, v, ""));
            return "";
        }
        return hostPort;
    }

    /** {@code host:port} with a plain host name or a bracketed IPv6 literal and a port 1..65535, else null. */
    static String validHostPort(String t) {
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1 || t.length() - colon > 6) {
            return null;
        }
        String host = t.substring(0, colon);
        for (int i = colon + 1; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        int port = Integer.parseInt(t.substring(colon + 1));
        if (port < 1 || port > 65535) {
            return null;
        }
        boolean v6 = host.startsWith("[");
        if (v6 && (!host.endsWith("]") || host.length() < 4)) {
            return null;
        }
        String chars = v6 ? host.substring(1, host.length() - 1) : host;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            boolean ok = v6
                    ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'
                    : (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '-'
                            || c == '_';
            if (!ok) {
                return null;
            }
        }
        if (v6 ? chars.indexOf(':') < 0 : chars.startsWith(".") || chars.startsWith("-")) {
            return null;
        }
        return host + ":" + port;
    }
}
