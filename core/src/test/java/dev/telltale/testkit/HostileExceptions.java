package dev.telltale.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exceptions that try to break a reporter. Every encoder and every pipeline step must survive each one. */
public final class HostileExceptions {
    private HostileExceptions() {}

    /** name → a fresh instance of each hostile exception. */
    public static Map<String, Throwable> all() {
        Map<String, Throwable> m = new LinkedHashMap<>();
        m.put("cyclicCauses", cyclicCauses());
        m.put("selfSuppression", selfSuppression());
        m.put("deepStackOverflow", deepStack(10_000));
        m.put("throwingMessageAndToString", new ThrowingMessage());
        m.put(
                "invalidUtf16",
                new IllegalStateException("bad \uD800 high, bad \uDC00 low, ok \uD83D\uDE00 pair, end \uD83D"));
        m.put("megabyteMessage", new RuntimeException(repeat('x', 1_048_576)));
        m.put("nullMessageAndNoFrames", noFrames());
        m.put("throwingCause", new ThrowingCause());
        m.put("throwingEqualsAndHashCode", new ThrowingEquality());
        return m;
    }

    /** A → B → A. */
    public static Throwable cyclicCauses() {
        RuntimeException a = new RuntimeException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        return a;
    }

    /** An exception that lists a cause of itself as suppressed, and one that suppresses its own cause's parent. */
    public static Throwable selfSuppression() {
        RuntimeException top = new RuntimeException("top");
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        top.initCause(inner);
        inner.addSuppressed(top); // suppressed points back up the chain
        return top;
    }

    /** An error with exactly {@code frames} frames, like a StackOverflowError from deep recursion. */
    public static Throwable deepStack(int frames) {
        StackOverflowError e = new StackOverflowError();
        StackTraceElement[] trace = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            trace[i] = new StackTraceElement("com.example.Recursive", "descend", "Recursive.java", 10 + (i % 7));
        }
        e.setStackTrace(trace);
        return e;
    }

    public static Throwable noFrames() {
        RuntimeException e = new RuntimeException((String) null);
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    static String repeat(char c, int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, c);
        return new String(a);
    }

    /** getMessage(), getLocalizedMessage() and toString() all throw. */
    public static final class ThrowingMessage extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage is hostile");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("getLocalizedMessage is hostile");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString is hostile");
        }
    }

    /** equals() and hashCode() throw: a reporter must compare throwables by identity. */
    public static final class ThrowingEquality extends RuntimeException {
        public ThrowingEquality() {
            super("equality is hostile");
        }

        @Override
        public boolean equals(Object o) {
            throw new IllegalStateException("equals is hostile");
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("hashCode is hostile");
        }
    }

    /** getCause() throws. */
    public static final class ThrowingCause extends RuntimeException {
        public ThrowingCause() {
            super("cause getter throws");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new UnsupportedOperationException("no cause for you");
        }
    }
}
