package dev.telltale.servlet.internal;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** What both servlet namespaces' exchanges compute the same way from plain values. */
public final class Exchanges {
    private Exchanges() {}

    /** Servlet path plus path info; {@code /} when both are empty. */
    public static String path(String servletPath, String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty()) {
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null || servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
    }

    /**
     * Header names to their values, several values joined with {@code ", "}, at most {@code max}
     * names. A header with one value (nearly all of them) is taken as it is, without a builder.
     */
    public static Map<String, String> headers(
            Enumeration<String> names, Function<String, Enumeration<String>> values, int max) {
        if (names == null || !names.hasMoreElements()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (names.hasMoreElements() && out.size() < max) {
            String name = names.nextElement();
            out.put(name, joined(values.apply(name)));
        }
        return out;
    }

    private static String joined(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return "";
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first == null ? "null" : first;
        }
        StringBuilder v = new StringBuilder().append(first);
        while (values.hasMoreElements()) {
            v.append(", ").append(values.nextElement());
        }
        return v.toString();
    }
}
