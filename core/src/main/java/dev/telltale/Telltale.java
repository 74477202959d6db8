package dev.telltale;

import dev.telltale.internal.Diagnostics;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The static face of Telltale: {@code Telltale.init()} once at start-up, then capture from anywhere.
 * Every method is safe before {@code init} and after {@code close} (a no-op), and none throws into
 * the application.
 *
 * <pre>{@code
 * Telltale.init();                         // destinations from telltale.* / TELLTALE_* / telltale.properties
 * Telltale.addBreadcrumb(Breadcrumb.of("checkout", "cart submitted"));
 * try { ... } catch (Exception e) { Telltale.captureException(e); }
 * }</pre>
 */
public final class Telltale {
    private static final TelltaleClient DISABLED = TelltaleClient.disabled();
    private static volatile TelltaleClient client = DISABLED;
    /** Whether {@link #client} was started here: one installed with {@link #use} belongs to its caller (a DI container). */
    private static boolean owned;

    private Telltale() {}

    /** Starts from external configuration only. */
    public static TelltaleClient init() {
        return init(TelltaleOptions.external());
    }

    /**
     * Starts with options set in code (over external configuration); closes a client started before by
     * {@code init}. A client installed with {@link #use} is only replaced: its owner closes it.
     */
    public static synchronized TelltaleClient init(TelltaleOptions options) {
        TelltaleClient previous = client;
        boolean previousOwned = owned;
        TelltaleClient next;
        try {
            next = TelltaleClient.start(options == null ? TelltaleOptions.external() : options);
        } catch (Throwable e) {
            // The class only: a message may quote configuration, keys included. Through
            // Diagnostics: the original stderr, never an application's redirect of System.err.
            new Diagnostics(false).warn("could not start: " + e.getClass().getName());
            return client;
        }
        client = next;
        owned = true;
        if (previousOwned && previous != DISABLED) {
            previous.close();
        }
        return next;
    }

    /**
     * Uses a client created elsewhere (dependency injection) behind the facade. The facade never
     * closes it: {@link #close} and a later {@link #init} only stop using it.
     */
    public static synchronized void use(TelltaleClient c) {
        client = c == null ? DISABLED : c;
        owned = false;
    }

    /** The client behind the facade; a disabled one before {@code init}. */
    public static TelltaleClient client() {
        return client;
    }

    public static boolean isEnabled() {
        return client.isEnabled();
    }

    public static String captureException(Throwable throwable) {
        return client.captureException(throwable);
    }

    public static String captureException(Throwable throwable, Consumer<Scope> scope) {
        return client.captureException(throwable, scope);
    }

    public static String captureMessage(String message, Level level) {
        return client.captureMessage(message, level);
    }

    public static String captureMessage(String message, Level level, Consumer<Scope> scope) {
        return client.captureMessage(message, level, scope);
    }

    public static String capture(Capture capture) {
        return client.capture(capture);
    }

    public static void addBreadcrumb(Breadcrumb breadcrumb) {
        client.addBreadcrumb(breadcrumb);
    }

    public static void addBreadcrumb(String message) {
        client.addBreadcrumb(message);
    }

    public static void addBreadcrumb(String category, String message) {
        if (client.isEnabled()) {
            client.addBreadcrumb(Breadcrumb.of(category, message));
        }
    }

    public static void setUser(User user) {
        client.setUser(user);
    }

    public static void setTag(String key, String value) {
        client.setTag(key, value);
    }

    public static void setExtra(String key, String value) {
        client.setExtra(key, value);
    }

    public static void configureScope(Consumer<Scope> change) {
        client.configureScope(change);
    }

    public static ScopeHandle pushScope() {
        return client.pushScope();
    }

    public static Runnable wrap(Runnable task) {
        return client.wrap(task);
    }

    public static <T> Callable<T> wrap(Callable<T> task) {
        return client.wrap(task);
    }

    public static TelltaleStats stats() {
        return client.stats();
    }

    public static boolean flush(long millis) {
        return client.flush(millis);
    }

    /**
     * Flushes, stops and forgets the client started by {@code init}; later calls are no-ops until the
     * next {@code init}. A client installed with {@link #use} is forgotten, not closed: its owner closes it.
     */
    public static synchronized void close() {
        TelltaleClient c = client;
        boolean wasOwned = owned;
        client = DISABLED;
        owned = false;
        if (wasOwned && c != DISABLED) {
            c.close();
        }
    }
}
