package dev.telltale.testkit;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationContext;
import dev.telltale.destination.Payload;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a {@link DestinationContext} that keeps what a destination submits, for the test to deliver. */
public final class RecordingContext implements DestinationContext {
    private final Settings settings;
    public final List<Payload> submitted = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();

    public RecordingContext(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public void submit(Destination destination, Payload payload) {
        submitted.add(payload);
    }

    @Override
    public void debug(String message) {}

    @Override
    public void warn(String message) {
        warnings.add(message);
    }
}
