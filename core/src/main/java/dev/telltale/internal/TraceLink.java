package dev.telltale.internal;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenTelemetry span current on the calling thread, when the OpenTelemetry API is on the class
 * path: its trace and span ids, so that an error links to its trace. Read by reflection (no
 * dependency, agent included); the methods are looked up once, then each read is a few reflective
 * calls. Never throws: any failure means "no span".
 */
public final class TraceLink {
    /** The context name events carry the ids under ({@code trace_id}, {@code span_id}, {@code sampled}). */
    public static final String CONTEXT = "trace";

    private static volatile Api api;

    private TraceLink() {
    }

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
        Api a = api;
        if (a == null) {
            a = lookUp();
            api = a;
        }
        if (a == Api.NONE) {
            return null;
        }
        try {
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

    private static Api lookUp() {
        ClassLoader[] loaders = {contextLoader(), TraceLink.class.getClassLoader(), systemLoader()};
        for (ClassLoader l : loaders) {
            try {
                Class<?> span = Class.forName("io.opentelemetry.api.trace.Span", true, l);
                Class<?> ctx = Class.forName("io.opentelemetry.api.trace.SpanContext", true, l);
                return new Api(span.getMethod("current"), span.getMethod("getSpanContext"), ctx.getMethod("isValid"),
                        ctx.getMethod("getTraceId"), ctx.getMethod("getSpanId"), ctx.getMethod("isSampled"));
            } catch (Throwable absent) {
                // not visible from this loader
            }
        }
        return Api.NONE;
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
