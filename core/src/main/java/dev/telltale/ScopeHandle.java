package dev.telltale;

/**
 * A scope made current on one thread; {@link #close()} restores what was current before. Use it
 * with try-with-resources around a request or a task:
 *
 * <pre>{@code
 * try (ScopeHandle h = Telltale.pushScope()) {
 *     h.scope().setTag("tenant", tenant);
 *     handle(request);
 * }
 * }</pre>
 */
public final class ScopeHandle implements AutoCloseable {
    private static final ScopeHandle NOOP = new ScopeHandle(null, null, null);

    private final ScopeStorage storage;
    private final Scope scope;
    private final Scope previous;
    private boolean closed;

    ScopeHandle(ScopeStorage storage, Scope scope, Scope previous) {
        this.storage = storage;
        this.scope = scope;
        this.previous = previous;
    }

    /** A handle of a disabled client: its scope accepts values and discards them. */
    static ScopeHandle noop() {
        return NOOP;
    }

    /** The scope this handle made current. */
    public Scope scope() {
        return scope == null ? DetachedScope.INSTANCE : scope;
    }

    /** Restores the previously current scope on this thread. Idempotent; never throws. */
    @Override
    public void close() {
        if (storage != null && !closed) {
            closed = true;
            storage.restore(previous);
        }
    }

    /** A scope attached to nothing, handed out when Telltale is not running. */
    static final class DetachedScope {
        static final Scope INSTANCE = new Scope(null, null, false);

        private DetachedScope() {
        }
    }
}
