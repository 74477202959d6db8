package dev.telltale.agent;

import dev.telltale.Scope;
import dev.telltale.ScopeHandle;
import dev.telltale.TelltaleClient;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A task that runs in the scope of the thread that created it. When it fails, the scope is left
 * for the future's failure advice, which runs right after on the same thread.
 */
abstract class ScopedTask {
    private static final ThreadLocal<Object[]> FAILURE = new ThreadLocal<>();

    final TelltaleClient client;
    final Scope scope;

    ScopedTask(TelltaleClient client, Scope scope) {
        this.client = client;
        this.scope = scope;
    }

    final Scope scope() {
        return scope;
    }

    /** A failure left by an earlier task that no advice consumed is dropped here, so none is kept long. */
    static void clearStale() {
        if (FAILURE.get() != null) {
            FAILURE.remove();
        }
    }

    final void failed(Throwable error) {
        failedIn(scope, error);
    }

    /** Leaves {@code scope} for the advice that reports {@code error} next on this thread. */
    static void failedIn(Scope scope, Throwable error) {
        FAILURE.set(new Object[] {error, scope});
    }

    /** The scope of the task that just failed with {@code error} on this thread, once. */
    static Scope takeFailureScope(Throwable error) {
        Object[] f = FAILURE.get();
        if (f == null) {
            return null;
        }
        FAILURE.remove();
        return f[0] == error || (error != null && error.getCause() == f[0]) ? (Scope) f[1] : null;
    }

    static final class OfCallable<V> extends ScopedTask implements Callable<V> {
        private final Callable<V> task;

        @SuppressWarnings("unchecked")
        OfCallable(TelltaleClient client, Scope scope, Callable<?> task) {
            super(client, scope);
            this.task = (Callable<V>) task;
        }

        @Override
        public V call() throws Exception {
            clearStale();
            ScopeHandle activation = client.activate(scope);
            try {
                return task.call();
            } catch (Throwable e) {
                failed(e);
                throw e;
            } finally {
                activation.close();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class OfRunnable extends ScopedTask implements Runnable {
        private final Runnable task;

        OfRunnable(TelltaleClient client, Scope scope, Runnable task) {
            super(client, scope);
            this.task = task;
        }

        @Override
        public void run() {
            clearStale();
            ScopeHandle activation = client.activate(scope);
            try {
                task.run();
            } catch (Throwable e) {
                failed(e);
                throw e;
            } finally {
                activation.close();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class OfSupplier<V> extends ScopedTask implements Supplier<V> {
        private final Supplier<V> task;

        @SuppressWarnings("unchecked")
        OfSupplier(TelltaleClient client, Scope scope, Supplier<?> task) {
            super(client, scope);
            this.task = (Supplier<V>) task;
        }

        @Override
        public V get() {
            clearStale();
            ScopeHandle activation = client.activate(scope);
            try {
                return task.get();
            } catch (Throwable e) {
                failed(e);
                throw e;
            } finally {
                activation.close();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
