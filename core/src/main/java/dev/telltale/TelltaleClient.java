package dev.telltale;

import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.ClientAccess;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.HostName;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.Reentrancy;
import dev.telltale.internal.delivery.Accounting;
import dev.telltale.internal.delivery.Delivery;
import dev.telltale.internal.delivery.Dispatcher;
import dev.telltale.processing.Deduplicator;
import dev.telltale.processing.EventProcessor;
import dev.telltale.processing.IgnoreRule;
import dev.telltale.processing.Sampler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One running reporter: its configuration, scopes, pipeline and destinations. {@link Telltale} is a
 * static facade over one of these; applications with dependency injection may create their own
 * (several can coexist). No method throws into the caller, and none waits on network or disk
 * (except {@link #flush} and {@link #close}, which wait by design, and the fatal path).
 */
public final class TelltaleClient implements AutoCloseable {
    private static final AtomicBoolean DEFAULT_ANNOUNCED = new AtomicBoolean();

    static {
        // What the integration entry point (dev.telltale.integration) may do with a client.
        ClientAccess.install((client, reason) -> {
            if (client.isEnabled()) {
                client.accounting.dropped(reason);
            }
        });
    }

    private final Settings settings;
    private final Diagnostics diagnostics;
    private final Accounting accounting = new Accounting();
    private final ScopeStorage scopes;
    private final List<Destination> destinations;
    private final Delivery dispatcher;
    private final IgnoreRule ignoreRule;
    private final Sampler sampler;
    private final Deduplicator deduplicator = new Deduplicator();
    private final boolean enabled;
    private volatile boolean closed;
    private volatile boolean crashed;
    private final PendingEvents pending;
    private final ClientHooks hooks;

    private TelltaleClient(
            Settings settings, Diagnostics diagnostics, List<Destination> destinations, boolean enabled) {
        this.settings = settings;
        this.diagnostics = diagnostics;
        this.enabled = enabled;
        this.scopes = new ScopeStorage(settings.maxBreadcrumbs(), System.currentTimeMillis());
        this.destinations = Collections.unmodifiableList(new ArrayList<>(destinations));
        this.ignoreRule = new IgnoreRule(settings.ignoredExceptions());
        this.sampler = new Sampler(settings.sampleRate());
        this.pending = new PendingEvents(scopes, settings, diagnostics);
        this.hooks = new ClientHooks(diagnostics);
        EventProcessor processor = new EventProcessor(settings, new HostName(settings.serverName()), diagnostics);
        processor.storm().losses(dev.telltale.processing.StormPolicy.capacityLosses(accounting::snapshot));
        // A disabled client builds no queue, thread or outbox: nothing reaches its delivery anyway.
        this.dispatcher = enabled
                ? new Dispatcher(settings, this.destinations, processor, diagnostics, accounting)
                : Delivery.NONE;
    }

    /**
     * Resolves the configuration (options in code over external sources), creates the destinations
     * and starts. Never throws for bad configuration: each problem gets one {@code telltale:} line.
     */
    public static TelltaleClient start(TelltaleOptions options) {
        return start(options, null);
    }

    /** Testing hook: {@code diagnosticsOut} replaces stderr for this client's diagnostics (null: stderr). */
    static TelltaleClient start(TelltaleOptions options, PrintStream diagnosticsOut) {
        List<String> problems = new ArrayList<>(options.problems());
        ConfigResolver resolver = options.externalConfig()
                ? ConfigResolver.forProcess(options.values(), problems)
                : new ConfigResolver(
                        options.values(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap());
        Settings settings = resolver.resolve(options.beforeSendOrNull(), problems);
        Diagnostics diagnostics = diagnosticsOut == null
                ? new Diagnostics(settings.debug())
                : new Diagnostics(settings.debug(), diagnosticsOut);
        for (String p : settings.problems()) {
            diagnostics.warn(p);
        }
        if (!settings.enabled()) {
            diagnostics.debug("disabled by configuration (enabled=false)");
            return new TelltaleClient(settings, diagnostics, Collections.<Destination>emptyList(), false);
        }
        List<Destination> destinations = new DestinationRegistry().createAll(settings, diagnostics);
        if (settings.destinationsDefaulted() && DEFAULT_ANNOUNCED.compareAndSet(false, true)) {
            diagnostics.warn("no destination configured; events are written to ./" + ConfigResolver.DEFAULT_EVENTS_DIR
                    + " (set telltale.destinations or TELLTALE_DESTINATIONS to send them elsewhere)");
        }
        if (destinations.isEmpty()) {
            diagnostics.warn("no usable destination; events are counted and dropped");
        }
        TelltaleClient client = new TelltaleClient(settings, diagnostics, destinations, true);
        client.startIntegrations();
        if (options.externalConfig()) {
            client.registerRelease();
        }
        for (Destination d : destinations) {
            diagnostics.debug("destination " + d.name());
        }
        return client;
    }

    /** A client that accepts every call and does nothing (before init, after close, enabled=false). */
    static TelltaleClient disabled() {
        return new TelltaleClient(
                new ConfigResolver(
                                ConfigResolver.noCode(),
                                Collections.<String, String>emptyMap(),
                                Collections.<String, String>emptyMap(),
                                Collections.<String, String>emptyMap())
                        .resolve(null, Collections.<String>emptyList()),
                new Diagnostics(false),
                Collections.<Destination>emptyList(),
                false);
    }

    private void startIntegrations() {
        dispatcher.start();
        hooks.startWarmUp(() -> pending.warmUp(ignoreRule, deduplicator));
        if (settings.uncaughtHandler()) {
            hooks.installUncaughtHandler(this::captureUncaught);
        }
        if (settings.shutdownHook()) {
            hooks.addShutdownHook(() -> dispatcher.close(settings.shutdownTimeoutMillis(), crashed));
        }
    }

    /** With a release and a management credential (read-api), registers the release off this thread. */
    private void registerRelease() {
        hooks.registerRelease(settings, destinationNames());
    }

    private void captureUncaught(Thread thread, Throwable t) {
        boolean main = "main".equals(thread.getName());
        if (main) {
            crashed = true;
        }
        capture(Capture.exception(t)
                .mechanism(Mechanism.UNCAUGHT)
                .level(main ? Level.FATAL : Level.ERROR)
                .thread(thread));
    }

    // ---------------------------------------------------------------- capture

    /** Captures a handled exception. @return the event id, or empty when it was not captured */
    public String captureException(Throwable throwable) {
        if (throwable == null) {
            return "";
        }
        return capture(Capture.exception(throwable));
    }

    /** Captures an exception, letting {@code scope} add to this event only. */
    public String captureException(Throwable throwable, Consumer<Scope> scope) {
        if (throwable == null) {
            return "";
        }
        return capture(Capture.exception(throwable).scope(scope));
    }

    public String captureMessage(String message, Level level) {
        return capture(Capture.message(message, level));
    }

    public String captureMessage(String message, Level level, Consumer<Scope> scope) {
        return capture(Capture.message(message, level).scope(scope));
    }

    /**
     * Captures what an integration describes. Takes a snapshot and queues it; the heavy work (stack
     * walking, JSON, network) happens on the sender thread. A fatal event is spooled before returning.
     *
     * @return the event id (32 hex chars), or empty when the event was not captured
     */
    public String capture(Capture c) {
        if (!enabled || closed || c == null) {
            return "";
        }
        if (Reentrancy.active()) {
            accounting.dropped(DropReason.REENTRANT);
            return "";
        }
        Reentrancy.enter();
        try {
            accounting.captured();
            Throwable t = c.throwable;
            if (ignoreRule.ignores(t)) {
                accounting.dropped(DropReason.IGNORED);
                return "";
            }
            if (c.level != Level.FATAL && !sampler.keep()) {
                accounting.dropped(DropReason.SAMPLED);
                return "";
            }
            if (deduplicator.isDuplicate(t)) {
                accounting.dropped(DropReason.DUPLICATE);
                return "";
            }
            PendingEvent p = pending.prepare(c, t);
            Level level = c.level;
            if (level == Level.FATAL) {
                dispatcher.submitFatal(p);
            } else {
                dispatcher.submit(p);
            }
            return p.eventId;
        } catch (Throwable e) {
            diagnostics.warnOnce(
                    "capture-failed", "capture failed: " + e.getClass().getName() + " (reported once)");
            return "";
        } finally {
            Reentrancy.exit();
        }
    }

    static String newEventId() {
        return PendingEvents.newEventId();
    }

    // ---------------------------------------------------------------- scope

    /** Records a breadcrumb in the current scope. Lock-free and allocation-free beyond the breadcrumb itself. */
    public void addBreadcrumb(Breadcrumb breadcrumb) {
        if (!enabled || closed || breadcrumb == null) {
            return;
        }
        int state = Reentrancy.breadcrumbState(); // the re-entrancy mark and "any scope here?" in one lookup
        if (state != Reentrancy.REENTRANT) {
            scopes.currentFor(state).addBreadcrumb(breadcrumb);
        }
    }

    public void addBreadcrumb(String message) {
        if (enabled && !closed) {
            addBreadcrumb(Breadcrumb.of(message));
        }
    }

    public void setUser(User user) {
        if (enabled) {
            scopes.current().setUser(user);
        }
    }

    public void setTag(String key, String value) {
        if (enabled) {
            scopes.current().setTag(key, value);
        }
    }

    public void setExtra(String key, String value) {
        if (enabled) {
            scopes.current().setExtra(key, value);
        }
    }

    /** Changes the current scope (the global scope unless one is pushed on this thread). */
    public void configureScope(Consumer<Scope> change) {
        if (!enabled || change == null) {
            return;
        }
        try {
            change.accept(scopes.current());
        } catch (Throwable e) {
            diagnostics.warnOnce(
                    "configure-scope",
                    "configureScope callback threw " + e.getClass().getName() + "; ignored");
        }
    }

    /** The scope that calls on this thread go to right now. */
    public Scope currentScope() {
        return enabled ? scopes.current() : ScopeHandle.detached();
    }

    /** Pushes a fresh scope (own breadcrumbs, over the global scope) for this thread, e.g. one request. */
    public ScopeHandle pushScope() {
        if (!enabled) {
            return ScopeHandle.noop();
        }
        return scopes.activate(scopes.newIsolated());
    }

    /** Makes an existing scope current on this thread (an async request continuing elsewhere). */
    public ScopeHandle activate(Scope scope) {
        if (!enabled || scope == null) {
            return ScopeHandle.noop();
        }
        return scopes.activate(scope);
    }

    /** Carries the current scope (breadcrumbs, user, tags) to whatever thread runs {@code task}. */
    public Runnable wrap(Runnable task) {
        final Scope fork = forkFor(task);
        if (fork == null) {
            return task;
        }
        return () -> {
            try (ScopeHandle ignored = scopes.activate(fork)) {
                task.run();
            }
        };
    }

    public <T> Callable<T> wrap(Callable<T> task) {
        final Scope fork = forkFor(task);
        if (fork == null) {
            return task;
        }
        return () -> {
            try (ScopeHandle ignored = scopes.activate(fork)) {
                return task.call();
            }
        };
    }

    /** The scope a wrapped task runs in; null when the task needs no wrapping. */
    private Scope forkFor(Object task) {
        return !enabled || task == null ? null : scopes.fork();
    }

    // ---------------------------------------------------------------- lifecycle

    public boolean isEnabled() {
        return enabled && !closed;
    }

    public Settings settings() {
        return settings;
    }

    /** Secret-free names of the destinations in use. */
    public List<String> destinationNames() {
        List<String> names = new ArrayList<>();
        for (Destination d : destinations) {
            names.add(d.name());
        }
        return names;
    }

    public TelltaleStats stats() {
        return accounting.snapshot();
    }

    /** Waits up to {@code millis} until everything captured so far was handled. @return true when drained */
    public boolean flush(long millis) {
        if (!enabled) {
            return true;
        }
        try {
            return dispatcher.flush(millis);
        } catch (Throwable e) {
            return false;
        }
    }

    /** Flushes (within the shutdown timeout), stops the sender thread and removes every hook. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hooks.remove();
            dispatcher.close(settings.shutdownTimeoutMillis(), crashed);
            hooks.stop();
            if (diagnostics.isDebug()) {
                diagnostics.debug("closed; " + stats());
            }
        } catch (Throwable e) {
            diagnostics.warn("close failed: " + e.getClass().getName());
        }
    }
}
