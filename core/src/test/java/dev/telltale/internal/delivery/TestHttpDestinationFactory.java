package dev.telltale.internal.delivery;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import java.util.Collections;
import java.util.Set;

/** {@code testhttp://127.0.0.1:PORT/path} → a {@link TestHttpDestination} posting to {@code http://127.0.0.1:PORT/path}. */
public final class TestHttpDestinationFactory implements DestinationFactory {
    @Override
    public Set<String> schemes() {
        return Collections.singleton("testhttp");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        if (!uri.startsWith("testhttp://")) {
            throw new IllegalArgumentException("expected testhttp://host:port/path");
        }
        return new TestHttpDestination("http://" + uri.substring("testhttp://".length()));
    }
}
