package dev.telltale.bench.telltale;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import java.util.Collections;
import java.util.Set;

/**
 * {@code benchhttp+http://127.0.0.1:PORT/PATH}: posts Telltale's own JSON to the loopback sink.
 * A stand-in until core ships its Sentry destination (see {@link dev.telltale.bench.sdk.TelltaleReporter#DESTINATION}).
 */
public final class BenchHttpDestinationFactory implements DestinationFactory {
    static final String SCHEME = "benchhttp+http";

    @Override
    public Set<String> schemes() {
        return Collections.singleton(SCHEME);
    }

    @Override
    public Destination create(String uri, Settings settings) {
        String url = uri.substring("benchhttp+".length());
        if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("the bench destination posts to loopback only");
        }
        return new BenchHttpDestination(url);
    }
}
