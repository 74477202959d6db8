package dev.telltale.destination;

import dev.telltale.config.Settings;
import java.util.Set;

/**
 * Creates destinations from URIs of the schemes it owns. Built-in factories are found by name;
 * others through {@link java.util.ServiceLoader} ({@code META-INF/services/dev.telltale.destination.DestinationFactory}).
 */
public interface DestinationFactory {
    /** Lower-case URI schemes this factory handles, e.g. {@code bugsnag}, {@code bugsnag+https}. */
    Set<String> schemes();

    /**
     * @param uri      the destination URI as configured (may hold a secret: never echo it)
     * @param settings the client's configuration
     * @throws IllegalArgumentException with a clear, secret-free message when the URI is malformed
     */
    Destination create(String uri, Settings settings);
}
