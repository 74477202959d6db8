package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.Poll;
import java.lang.ref.WeakReference;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private final Deduplicator dedup = new Deduplicator();

    /** Equal by value, like a Kotlin data class or a Scala case class exception. */
    static final class ValueException extends RuntimeException {
        final String code;

        ValueException(String code) {
            super(code);
            this.code = code;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValueException && ((ValueException) o).code.equals(code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code);
        }
    }

    @Test
    void sameInstanceTwiceIsADuplicate() {
        RuntimeException e = new RuntimeException("x");
        assertFalse(dedup.isDuplicate(e));
        assertTrue(dedup.isDuplicate(e));
    }

    @Test
    void wrapperOfACapturedExceptionIsADuplicate() {
        RuntimeException cause = new RuntimeException("cause");
        assertFalse(dedup.isDuplicate(cause));
        assertTrue(dedup.isDuplicate(new IllegalStateException("wrapped", new RuntimeException("mid", cause))));
    }

    @Test
    void rootCauseLoggedAfterItsWrapperWasCapturedIsADuplicate() {
        // A servlet filter reports the ServletException; the container then logs its root cause.
        RuntimeException root = new RuntimeException("root");
        Exception wrapper = new Exception("Request processing failed", new IllegalStateException("mid", root));
        assertFalse(dedup.isDuplicate(wrapper));
        assertTrue(dedup.isDuplicate(root), "the root cause of a captured wrapper");
        assertTrue(dedup.isDuplicate(wrapper.getCause()), "a middle link of a captured wrapper");
        assertFalse(dedup.isDuplicate(new RuntimeException("root")), "another failure with the same text");
    }

    @Test
    void aCyclicChainEndsAndIsRemembered() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(dedup.isDuplicate(a));
        assertTrue(dedup.isDuplicate(b));
    }

    @Test
    void distinctInstancesWithTheSameContentAreNotDuplicates() {
        assertFalse(dedup.isDuplicate(new RuntimeException("same")));
        assertFalse(dedup.isDuplicate(new RuntimeException("same")));
    }

    @Test
    void valueEqualExceptionsAreComparedByIdentity() {
        assertFalse(dedup.isDuplicate(new ValueException("E42")));
        assertFalse(dedup.isDuplicate(new ValueException("E42")), "an equal but different throwable is a new event");
    }

    @Test
    void throwingHashCodeOrEqualsDoesNotBreakDedup() {
        HostileExceptions.ThrowingEquality e = new HostileExceptions.ThrowingEquality();
        assertFalse(dedup.isDuplicate(e));
        assertTrue(dedup.isDuplicate(e));
        assertFalse(dedup.isDuplicate(new HostileExceptions.ThrowingEquality()));
    }

    @Test
    void cyclicAndThrowingCauseChainsEnd() {
        assertFalse(dedup.isDuplicate(HostileExceptions.cyclicCauses()));
        assertFalse(dedup.isDuplicate(new HostileExceptions.ThrowingCause()));
        assertFalse(dedup.isDuplicate(null));
    }

    @Test
    void rememberedThrowablesCanBeGarbageCollected() {
        WeakReference<Throwable> ref = remember();
        assertTrue(
                Poll.until(10_000, () -> {
                    System.gc();
                    return ref.get() == null;
                }),
                "the deduplicator kept a captured throwable alive");
    }

    private WeakReference<Throwable> remember() {
        RuntimeException e = new RuntimeException(new String(new char[100_000]));
        dedup.isDuplicate(e);
        return new WeakReference<>(e);
    }

    @Test
    void staysBoundedUnderManyCaptures() {
        RuntimeException first = new RuntimeException("first");
        dedup.isDuplicate(first);
        java.util.List<Throwable> alive = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            RuntimeException e = new RuntimeException();
            alive.add(e);
            dedup.isDuplicate(e);
        }
        // Bounded even when every throwable stays alive: old entries are forgotten (a second capture is accepted).
        assertFalse(dedup.isDuplicate(first));
        assertTrue(alive.size() == 10_000);
    }
}
