package dev.telltale.processing;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import java.util.function.Supplier;

/**
 * The ordered steps that run on the sender thread: build (with scope enrichment) → in-app
 * detection → grouping → the storm policy → source lines → the application's {@code beforeSend} → scrubbing (last, so nothing added earlier
 * escapes it). Size limiting happens per destination, when an encoding is too large.
 */
public final class EventProcessor {
    /** Where a dropped event is reported. */
    public interface DropListener {
        void dropped(PendingEvent event, DropReason reason);
    }

    private final EventFactory factory;
    private final InAppDetector inApp;
    private final BeforeSendStep beforeSend;
    private final Scrubber scrubber;
    private final boolean clientGrouping;
    private final SourceContext sources;
    private final StormPolicy storm;

    public EventProcessor(Settings settings, Supplier<String> serverName, Diagnostics diagnostics) {
        this.factory = new EventFactory(settings, serverName);
        this.inApp = new InAppDetector(
                settings.inAppPackages(), settings.inAppExcludes(), InAppDetector.mainClassOfProcess());
        this.beforeSend = new BeforeSendStep(settings.beforeSend(), diagnostics);
        this.scrubber = new Scrubber(settings.sendDefaultPii());
        this.clientGrouping = settings.clientGrouping();
        this.sources = new SourceContext(settings.sourceRoots(), settings.sourceContextAllFrames());
        this.storm = new StormPolicy(settings);
    }

    /** The storm policy, to be told where losses to capacity are counted. */
    public StormPolicy storm() {
        return storm;
    }

    /** @return the event ready to encode, or null when a step dropped it (reported to {@code drops}) */
    public Event process(PendingEvent pending, DropListener drops) {
        Event event = factory.create(pending);
        event = inApp.apply(event);
        if (clientGrouping && event.fingerprint().isEmpty()) {
            // after in-app marking (the rule names the innermost in-app frame); beforeSend may still change it
            event = event.toBuilder().fingerprint(Fingerprint.of(event)).build();
        }
        if (storm.enabled()) {
            event = storm.apply(
                    event); // after grouping; before anything that costs (source lines, beforeSend, encoding)
            if (event == null) {
                drops.dropped(pending, DropReason.STORM_DUPLICATE);
                return null;
            }
        }
        if (sources.enabled()) {
            event = sources.apply(event); // disk reads: here on the sender thread, never the caller's
        }
        event = beforeSend.apply(event);
        if (event == null) {
            drops.dropped(pending, DropReason.BEFORE_SEND);
            return null;
        }
        return scrubber.apply(event);
    }
}
