package dev.telltale.bench;

/**
 * Exception chains for capture benchmarks: a wrapper with {@value #CAUSES} causes, {@value #FRAMES}
 * frames each, like a failure deep in a web application. The frames are built once; each
 * {@link #fresh()} makes new throwable objects over them, because every SDK rightly ignores a
 * throwable it has already seen (deduplication), so re-capturing one instance would measure only
 * that early exit. Filling a stack trace is skipped: the frames are set, not walked.
 */
public final class Chains {
    public static final int CAUSES = 3;
    public static final int FRAMES = 40;
    /** Frames under this prefix are the application's (in-app) for every SDK. */
    public static final String APP_PACKAGE = "com.example.shop";

    private final StackTraceElement[][] stacks = new StackTraceElement[CAUSES + 1][];
    private long sequence;

    public Chains() {
        String[][] shape = {
            {APP_PACKAGE + ".web.CheckoutController", "submit"},
            {APP_PACKAGE + ".checkout.CheckoutService", "pay"},
            {APP_PACKAGE + ".payment.GatewayClient", "authorize"},
            {APP_PACKAGE + ".payment.http.HttpChannel", "read"},
        };
        for (int level = 0; level <= CAUSES; level++) {
            StackTraceElement[] frames = new StackTraceElement[FRAMES];
            for (int i = 0; i < FRAMES; i++) {
                frames[i] = frame(shape[level], level, i);
            }
            stacks[level] = frames;
        }
    }

    private static StackTraceElement frame(String[] top, int level, int i) {
        if (i < 6) {
            String cls = i == 0 ? top[0] : top[0] + "$Step" + i;
            return new StackTraceElement(cls, i == 0 ? top[1] : "step" + i, simpleFile(top[0]), 40 + 7 * i + level);
        }
        if (i >= FRAMES - 3) {
            String[][] bottom = {
                {"java.util.concurrent.ThreadPoolExecutor", "runWorker"},
                {"java.util.concurrent.ThreadPoolExecutor$Worker", "run"},
                {"java.lang.Thread", "run"}
            };
            String[] b = bottom[i - (FRAMES - 3)];
            return new StackTraceElement(b[0], b[1], simpleFile(b[0]), 1100 + i);
        }
        String[] framework = {
            "org.springframework.web.servlet.FrameworkServlet",
            "org.apache.catalina.core.ApplicationFilterChain",
            "org.springframework.aop.framework.ReflectiveMethodInvocation",
            "jdk.internal.reflect.DirectMethodHandleAccessor",
            "org.eclipse.jetty.server.handler.HandlerWrapper",
            "io.micrometer.observation.Observation"
        };
        String cls = framework[i % framework.length];
        return new StackTraceElement(cls, i % 2 == 0 ? "invoke" : "doFilter", simpleFile(cls), 100 + 13 * i);
    }

    private static String simpleFile(String cls) {
        String s = cls.substring(cls.lastIndexOf('.') + 1);
        int d = s.indexOf('$');
        return (d >= 0 ? s.substring(0, d) : s) + ".java";
    }

    /** A new chain (new objects, same frames): wrapper → 3 causes. */
    public Throwable fresh() {
        long n = ++sequence;
        Throwable t = new ReadFailure("Read timed out after 3000 ms", null, stacks[3]);
        t = new GatewayFailure("Gateway answered 503 for authorization " + n, t, stacks[2]);
        t = new PaymentFailure("Payment could not be authorized", t, stacks[1]);
        return new CheckoutFailure("Checkout failed for cart 42", t, stacks[0]);
    }

    /** Base: frames are set from the prepared arrays instead of walking the real stack. */
    abstract static class Prepared extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Prepared(String message, Throwable cause, StackTraceElement[] frames) {
            super(message, cause);
            setStackTrace(frames);
        }

        @Override
        public final synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    static final class CheckoutFailure extends Prepared {
        private static final long serialVersionUID = 1L;

        CheckoutFailure(String m, Throwable c, StackTraceElement[] f) {
            super(m, c, f);
        }
    }

    static final class PaymentFailure extends Prepared {
        private static final long serialVersionUID = 1L;

        PaymentFailure(String m, Throwable c, StackTraceElement[] f) {
            super(m, c, f);
        }
    }

    static final class GatewayFailure extends Prepared {
        private static final long serialVersionUID = 1L;

        GatewayFailure(String m, Throwable c, StackTraceElement[] f) {
            super(m, c, f);
        }
    }

    static final class ReadFailure extends Prepared {
        private static final long serialVersionUID = 1L;

        ReadFailure(String m, Throwable c, StackTraceElement[] f) {
            super(m, c, f);
        }
    }
}
