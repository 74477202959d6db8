package dev.telltale.servlet.internal;

import dev.telltale.TelltaleOptions;
import dev.telltale.integration.Diagnostics;
import dev.telltale.integration.SharedClient;
import dev.telltale.processing.InAppDetector;
import java.util.Set;
import java.util.function.Function;

/**
 * What a filter without a client of its own does when the container starts it: joins the client
 * behind the facade, or starts one from the usual sources (system properties, environment,
 * {@code telltale.properties}) when none runs, like the Logback appender; and tells in-app
 * detection which packages the web application's own classes ({@code /WEB-INF/classes}) are in.
 * The lease is released when the container destroys the filter: the last user closes the client.
 */
public final class FilterStart {
    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);
    private static final String CLASSES = "/WEB-INF/classes/";
    private static final int MAX_LISTED = 64;

    private FilterStart() {}

    /**
     * @param resourcePaths the servlet context's {@code getResourcePaths}
     * @return the lease to release on destroy; null when nothing could be joined or started
     */
    public static SharedClient.Lease begin(Function<String, Set<String>> resourcePaths) {
        try {
            recordApplicationPackages(resourcePaths);
        } catch (Throwable t) {
            // in-app inference falls back to the main class: nothing to tell the application
        }
        try {
            // Problems of the configuration get their own lines from the core as it starts.
            return SharedClient.acquire(TelltaleOptions.external());
        } catch (Throwable t) {
            DIAGNOSTICS.warn("servlet filter: could not start Telltale: "
                    + t.getClass().getName() + "; requests are not reported");
            return null;
        }
    }

    /** Ends the filter's use of the client (the last use closes a client integrations started). */
    public static void end(SharedClient.Lease lease) {
        if (lease == null) {
            return;
        }
        try {
            lease.release();
        } catch (Throwable t) {
            DIAGNOSTICS.warn("servlet filter: could not stop Telltale cleanly: "
                    + t.getClass().getName());
        }
    }

    /** {@code /WEB-INF/classes/com/shop/...} makes {@code com.shop.} the application's (two segments, like a main class). */
    static void recordApplicationPackages(Function<String, Set<String>> resourcePaths) {
        Set<String> top = resourcePaths.apply(CLASSES);
        if (top == null) {
            return; // not a WAR (an embedded container, Spring Boot): other integrations know better
        }
        int listed = 0;
        for (String first : top) {
            if (!first.endsWith("/") || first.equals(CLASSES + "META-INF/") || listed++ > MAX_LISTED) {
                continue;
            }
            String firstName = first.substring(CLASSES.length(), first.length() - 1);
            Set<String> second = resourcePaths.apply(first);
            boolean deeper = false;
            if (second != null) {
                for (String s : second) {
                    if (s.endsWith("/") && listed++ <= MAX_LISTED) {
                        deeper = true;
                        InAppDetector.addApplicationPackage(
                                firstName + "." + s.substring(first.length(), s.length() - 1));
                    }
                }
            }
            if (!deeper) {
                InAppDetector.addApplicationPackage(firstName);
            }
        }
    }
}
