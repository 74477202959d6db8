package dev.telltale.destination.file;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Set;

/** {@code file:DIR} (relative or absolute) or {@code file:///abs/dir}: one JSON file per event. */
public final class FileDestinationFactory implements DestinationFactory {
    @Override
    public Set<String> schemes() {
        return Collections.singleton("file");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2); // file:///abs → /abs ; file://./rel → ./rel
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.trim().isEmpty()) {
            throw new IllegalArgumentException("a file destination needs a directory, e.g. file:./telltale-events");
        }
        try {
            Path dir = Paths.get(rest.trim());
            return new FileDestination(dir);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + rest + "' is not a valid directory path");
        }
    }
}
