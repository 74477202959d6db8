package dev.telltale.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.Poll;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A web application that carries its own OpenTelemetry API (its own loader, as in a container):
 * its spans are read through its copy, and after it is undeployed nothing of Telltale's keeps its
 * class loader alive.
 */
class TraceLinkLoaderTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";

    @Test
    void readsTheSpanOfAnApplicationsOwnApiCopyAndLetsItsLoaderGo() throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicReference<WeakReference<ClassLoader>> gone = new AtomicReference<>();
        // A thread of its own, so that no thread-local of the isolated API outlives the "application".
        Thread app = new Thread(
                () -> {
                    try {
                        URLClassLoader loader = isolatedApi();
                        gone.set(new WeakReference<>(loader));
                        Thread.currentThread().setContextClassLoader(loader);
                        assertNull(TraceLink.current(), "no span current in the application's copy yet");
                        AutoCloseable scope = makeCurrent(loader);
                        try {
                            seen.set(TraceLink.current());
                        } finally {
                            scope.close();
                        }
                        Thread.currentThread().setContextClassLoader(null);
                        loader.close();
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                },
                "web-app");
        app.start();
        app.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
        assertNotNull(seen.get(), "the span made current through the application's own API copy is read");
        assertEquals(TRACE, seen.get().get("trace_id"));
        assertEquals(SPAN, seen.get().get("span_id"));
        assertTrue(
                Poll.until(10_000, () -> {
                    System.gc();
                    return gone.get().get() == null;
                }),
                "the undeployed application's class loader is collected");
        assertNull(TraceLink.current(), "this thread (the test's own loader, no span) still reads no span");
    }

    /** The OpenTelemetry API, context and common jars of the test class path, in a loader that does not delegate to it. */
    private static URLClassLoader isolatedApi() throws Exception {
        URL api = Span.class.getProtectionDomain().getCodeSource().getLocation();
        URL context = Context.class.getProtectionDomain().getCodeSource().getLocation();
        URL common = Class.forName("io.opentelemetry.common.ComponentLoader")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        return new URLClassLoader(
                new URL[] {api, context, common},
                ClassLoader.getSystemClassLoader().getParent());
    }

    private static AutoCloseable makeCurrent(ClassLoader l) throws Exception {
        Class<?> flags = l.loadClass("io.opentelemetry.api.trace.TraceFlags");
        Class<?> state = l.loadClass("io.opentelemetry.api.trace.TraceState");
        Class<?> spanContext = l.loadClass("io.opentelemetry.api.trace.SpanContext");
        Object ctx = spanContext
                .getMethod("create", String.class, String.class, flags, state)
                .invoke(
                        null,
                        TRACE,
                        SPAN,
                        flags.getMethod("getSampled").invoke(null),
                        state.getMethod("getDefault").invoke(null));
        Class<?> span = l.loadClass("io.opentelemetry.api.trace.Span");
        Object s = span.getMethod("wrap", spanContext).invoke(null, ctx);
        Method makeCurrent =
                l.loadClass("io.opentelemetry.context.ImplicitContextKeyed").getMethod("makeCurrent");
        return (AutoCloseable) makeCurrent.invoke(s);
    }
}
