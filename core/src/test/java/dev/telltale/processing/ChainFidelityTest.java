package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.testkit.TestEvents;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How a chain reads: the root of a very long chain survives, shared frames are not repeated, wrappers do not lead. */
class ChainFidelityTest {

    private static Throwable chain(int depth) {
        Throwable t = new IllegalStateException("level " + depth + " (root)");
        for (int i = depth - 1; i >= 1; i--) {
            t = new RuntimeException("level " + i, t);
        }
        return t;
    }

    @Test
    void aThreeHundredDeepChainKeepsItsRootCauseAndSaysHowManyWereCut() {
        List<ExceptionInfo> xs = ExceptionChain.of(chain(300));
        assertEquals(ExceptionChain.MAX_EXCEPTIONS, xs.size());
        assertEquals("level 1", xs.get(0).message());
        ExceptionInfo last = xs.get(xs.size() - 1);
        assertEquals("level 300 (root)", last.message(), "the root cause is kept");
        int kept = ExceptionChain.MAX_EXCEPTIONS - ExceptionChain.KEEP_ROOT_CAUSES;
        ExceptionInfo firstAfterCut = xs.get(kept);
        assertEquals(300 - ExceptionChain.MAX_EXCEPTIONS, firstAfterCut.causesOmitted());
        assertEquals("level " + (300 - ExceptionChain.KEEP_ROOT_CAUSES + 1), firstAfterCut.message());
        assertEquals(kept - 1, firstAfterCut.parentId(), "linked to the last exception before the cut");
        for (int i = 1; i < xs.size(); i++) {
            assertEquals(i - 1, xs.get(i).parentId());
            assertEquals(ExceptionInfo.Relation.CAUSE, xs.get(i).relation());
        }
    }

    @Test
    void aChainThatFitsIsKeptWholeWithNothingMarkedOmitted() {
        List<ExceptionInfo> xs = ExceptionChain.of(chain(ExceptionChain.MAX_EXCEPTIONS));
        assertEquals(ExceptionChain.MAX_EXCEPTIONS, xs.size());
        for (ExceptionInfo x : xs) {
            assertEquals(0, x.causesOmitted());
        }
    }

    @Test
    void aLongCycleEndsWithoutLoopingAndStaysBounded() {
        RuntimeException a = new RuntimeException("a");
        Throwable t = a;
        for (int i = 0; i < 100; i++) {
            t = new RuntimeException("w" + i, t);
        }
        a.initCause(t); // a → ... → a
        List<ExceptionInfo> xs = ExceptionChain.of(t);
        assertTrue(xs.size() <= ExceptionChain.MAX_EXCEPTIONS);
    }

    static RuntimeException nested() {
        return outer();
    }

    private static RuntimeException outer() {
        try {
            inner();
            return null;
        } catch (IllegalStateException e) {
            return new RuntimeException("outer", e);
        }
    }

    private static void inner() {
        throw new IllegalStateException("inner");
    }

    @Test
    void aCauseDoesNotRepeatTheFramesItSharesWithTheExceptionAboveIt() {
        RuntimeException top = nested();
        List<ExceptionInfo> xs = ExceptionChain.of(top);
        ExceptionInfo cause = xs.get(1);
        int full = top.getCause().getStackTrace().length;
        assertTrue(cause.framesInCommon() > 0, "shared frames counted");
        assertEquals(full, cause.frames().size() + cause.framesInCommon(), "kept + in common = the whole stack");
        assertEquals("inner", cause.frames().get(0).methodName());
        assertEquals(
                "outer",
                cause.frames().get(cause.frames().size() - 1).methodName(),
                "the cause keeps its frames down to the frame it shares with the exception above");
        assertEquals(0, xs.get(0).framesInCommon());
    }

    @Test
    void wrappersThatAddNothingDoNotLeadTheEvent() {
        IllegalStateException real = new IllegalStateException("card declined");
        Throwable[] wrapped = {
            new ExecutionException(real),
            new CompletionException(real),
            new UndeclaredThrowableException(real),
            new InvocationTargetException(real),
            new CompletionException(new ExecutionException("Task failed", real)),
        };
        for (Throwable w : wrapped) {
            Event e = TestEvents.of(w);
            assertEquals("IllegalStateException: card declined", e.title(), w.toString());
            assertEquals("java.lang.IllegalStateException", e.leadException().type());
            assertTrue(!e.wrappers().isEmpty()
                    && e.wrappers().get(0).type().equals(w.getClass().getName()));
            assertSame(e.exceptions().get(0), e.primaryException(), "the model keeps the whole chain");
        }
    }

    @Test
    void aWrapperWithoutACauseIsWhatThereIsAndLeads() {
        Event e = TestEvents.of(new ExecutionException("no cause", null));
        assertEquals("ExecutionException: no cause", e.title());
        assertTrue(e.wrappers().isEmpty());
    }

    @Test
    void aWrappersCauseKeepsItsWholeStack() {
        IllegalStateException real = new IllegalStateException("x");
        List<ExceptionInfo> xs = ExceptionChain.of(new ExecutionException(real));
        assertEquals(0, xs.get(1).framesInCommon());
        assertEquals(real.getStackTrace().length, xs.get(1).frames().size());
    }
}
