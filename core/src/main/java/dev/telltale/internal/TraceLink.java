package dev.telltale.internal;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The OpenTelemetry span current on the calling thread, when the OpenTelemetry API is on the class
 * path: its trace and span ids, so that an error links to its trace. Read by reflection (no
 * dependency, agent included). The API is looked up once per context class loader: in a container
 * each web application may carry its own copy (or none). Nothing cached holds a class loader: the
 * loader is a weak key and the API's class a weak value (its loader holds it), and the methods hang
 * off that class through a {@link ClassValue}, so an undeployed application is collected.
 * Never throws: any failure means "no span".
 */
public final class TraceLink {
    /** The context name events carry the ids under ({@code trace_id}, {@code span_id}, {@code sampled}). */
    public static final String CONTEXT = "trace";

    /** Per context loader, the {@code Span} class it sees; {@link #ABSENT} when it sees none. */
    private static final Map<ClassLoader, WeakReference<Class<?>>> SPAN_CLASS = new WeakHashMap<>();

    private static final WeakReference<Class<?>> ABSENT = new WeakReference<>(null);
    /** The context-less lookups (no context loader): the agent's and the system loader's view. */
    private static volatile WeakReference<Class<?>> fallback;

    private static final ClassValue<Api> METHODS = new ClassValue<Api>() {
        @Override
        protected Api computeValue(Class<?> span) {
            return methods(span);
        }
    };

    private TraceLink() {}

    /** Looked-up methods of {@code io.opentelemetry.api.trace.Span} and {@code SpanContext}; NONE when absent. */
    private static final class Api {
        static final Api NONE = new Api(null, null, null, null, null, null);
        final Method current;
        final Method spanContext;
        final Method isValid;
        final Method traceId;
        final Method spanId;
        final Method sampled;

        Api(Method current, Method spanContext, Method isValid, Method traceId, Method spanId, Method sampled) {
            this.current = current;
            this.spanContext = spanContext;
            this.isValid = isValid;
            this.traceId = traceId;
            this.spanId = spanId;
            this.sampled = sampled;
        }
    }

    /** {@code trace_id}, {@code span_id}, {@code sampled} of the current valid span; null when there is none. */
    public static Map<String, String> current() {
        try {
            Class<?> spanClass = spanClass();
            Api a = spanClass == null ? Api.NONE : METHODS.get(spanClass);
            if (a == Api.NONE) {
                return null;
            }
            Object span = a.current.invoke(null);
            Object ctx = span == null ? null : a.spanContext.invoke(span);
            if (ctx == null || !Boolean.TRUE.equals(a.isValid.invoke(ctx))) {
                return null;
            }
            Map<String, String> m = new LinkedHashMap<>(4);
            m.put("trace_id", String.valueOf(a.traceId.invoke(ctx)));
            m.put("span_id", String.valueOf(a.spanId.invoke(ctx)));
            m.put("sampled", String.valueOf(a.sampled.invoke(ctx)));
            return m;
        } catch (Throwable e) {
            return null;
        }
    }

    private static Class<?> spanClass() {
        ClassLoader context = contextLoader();
        if (context == null) {
            WeakReference<Class<?>> f = fallback;
            if (f == null) {
                f = find(null);
                fallback = f;
            }
            return f.get();
        }
        WeakReference<Class<?>> known;
        synchronized (SPAN_CLASS) {
            known = SPAN_CLASS.get(context);
        }
        if (known == null) {
            known = find(context);
            synchronized (SPAN_CLASS) {
                SPAN_CLASS.put(context, known);
            }
        }
        return known.get();
    }

    /** The {@code Span} class seen from {@code context}, else from Telltale's own and the system loader. */
    private static WeakReference<Class<?>> find(ClassLoader context) {
        ClassLoader[] loaders = {context, TraceLink.class.getClassLoader(), systemLoader()};
        for (ClassLoader l : loaders) {
            if (l == null) {
                continue;
            }
            try {
                return new WeakReference<Class<?>>(Class.forName("io.opentelemetry.api.trace.Span", true, l));
            } catch (Throwable absent) {
                // not visible from this loader
            }
        }
        return ABSENT;
    }

    private static Api methods(Class<?> span) {
        try {
            Class<?> ctx = Class.forName("io.opentelemetry.api.trace.SpanContext", true, span.getClassLoader());
            return new Api(
                    span.getMethod("current"),
                    span.getMethod("getSpanContext"),
                    ctx.getMethod("isValid"),
                    ctx.getMethod("getTraceId"),
                    ctx.getMethod("getSpanId"),
                    ctx.getMethod("isSampled"));
        } catch (Throwable incomplete) {
            return Api.NONE;
        }
    }

    private static ClassLoader contextLoader() {
        try {
            return Thread.currentThread().getContextClassLoader();
        } catch (Throwable e) {
            return null;
        }
    }

    private static ClassLoader systemLoader() {
        try {
            return ClassLoader.getSystemClassLoader();
        } catch (Throwable e) {
            return null;
        }
    }
}
