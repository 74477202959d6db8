package dev.telltale.destination.console;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import java.util.Collections;
import java.util.Set;

/** {@code console:} — a short readable summary of each event on stderr. */
public final class ConsoleDestinationFactory implements DestinationFactory {
    @Override
    public Set<String> schemes() {
        return Collections.singleton("console");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        return new ConsoleDestination(System.err);
    }
}
