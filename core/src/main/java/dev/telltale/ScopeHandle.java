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
    private final ScopeStorage storage;
    private final Scope scope;
    private final Scope previous;
    private boolean closed;

    ScopeHandle(ScopeStorage storage, Scope scope, Scope previous) {
        this.storage = storage;
        this.scope = scope;
        this.previous = previous;
    }

    /**
     * A handle of a disabled client: its scope, attached to nothing, accepts values and is forgotten
     * with the handle. One per call, so that values set while Telltale is off never pile up in a
     * scope shared by every request.
     */
    static ScopeHandle noop() {
        return new ScopeHandle(null, detached(), null);
    }

    /** A scope attached to nothing, handed out when Telltale is not running. */
    static Scope detached() {
        return new Scope(null, null, false);
    }

    /** The scope this handle made current. */
    public Scope scope() {
        return scope;
    }

    /** Restores the previously current scope on this thread. Idempotent; never throws. */
    @Override
    public void close() {
        if (storage != null && !closed) {
            closed = true;
            storage.restore(previous);
        }
    }
}
