package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.ExceptionInfo.Relation;
import dev.telltale.event.StackFrame;
import dev.telltale.testkit.HostileExceptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionChainTest {
    private static List<String> messages(List<ExceptionInfo> chain) {
        List<String> out = new ArrayList<>();
        for (ExceptionInfo x : chain) {
            out.add(x.message());
        }
        return out;
    }

    @Test
    void nullGivesAnEmptyChain() {
        assertTrue(ExceptionChain.of(null).isEmpty());
    }

    @Test
    void thrownFirstThenDepthFirstCauseBeforeSuppressed() {
        RuntimeException c2 = new RuntimeException("c2");
        RuntimeException c1 = new RuntimeException("c1", c2);
        RuntimeException top = new RuntimeException("top", c1);
        RuntimeException s2cause = new RuntimeException("s2c");
        top.addSuppressed(new RuntimeException("s1"));
        top.addSuppressed(new RuntimeException("s2", s2cause));

        List<ExceptionInfo> chain = ExceptionChain.of(top);
        assertEquals(List.of("top", "c1", "c2", "s1", "s2", "s2c"), messages(chain));
        int[] parents = {-1, 0, 1, 0, 0, 4};
        Relation[] relations = {
            Relation.THROWN, Relation.CAUSE, Relation.CAUSE, Relation.SUPPRESSED, Relation.SUPPRESSED, Relation.CAUSE
        };
        for (int i = 0; i < chain.size(); i++) {
            assertEquals(i, chain.get(i).id(), "ids are positions");
            assertEquals(
                    parents[i],
                    chain.get(i).parentId(),
                    "parent of " + chain.get(i).message());
            assertEquals(
                    relations[i],
                    chain.get(i).relation(),
                    "relation of " + chain.get(i).message());
        }
    }

    @Test
    void typeMessageAndFramesAreCopied() throws Exception {
        IOException e = new IOException("disk full");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.shop.Store", "save", "Store.java", 42),
            new StackTraceElement("java.lang.Thread", "sleep", null, -2)
        });
        ExceptionInfo x = ExceptionChain.of(e).get(0);
        assertEquals("java.io.IOException", x.type());
        assertEquals("IOException", x.simpleType());
        assertEquals("disk full", x.message());
        StackFrame f = x.frames().get(0);
        assertEquals("com.shop.Store", f.className());
        assertEquals("save", f.methodName());
        assertEquals("Store.java", f.fileName());
        assertEquals(42, f.lineNumber());
        assertEquals("com.shop.Store.save(Store.java:42)", f.toString());
        assertTrue(x.frames().get(1).isNative());
        assertEquals(0, x.framesOmitted());
    }

    @Test
    void cycleThroughSuppressedListsEachExceptionOnce() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.addSuppressed(b);
        b.addSuppressed(a);
        assertEquals(List.of("a", "b"), messages(ExceptionChain.of(a)));
    }

    @Test
    void selfSuppressionPointingUpTheChainEndsTheWalk() {
        List<ExceptionInfo> chain = ExceptionChain.of(HostileExceptions.selfSuppression());
        assertEquals(List.of("top", "inner"), messages(chain));
        assertEquals(Relation.CAUSE, chain.get(1).relation());
    }

    @Test
    void sharedCauseIsListedOnce() {
        RuntimeException shared = new RuntimeException("shared");
        RuntimeException top = new RuntimeException("top", shared);
        top.addSuppressed(new RuntimeException("s", shared));
        assertEquals(List.of("top", "shared", "s"), messages(ExceptionChain.of(top)));
    }

    @Test
    void longChainIsCutAtMaxExceptionsKeepingTheThrownOne() {
        Throwable t = new RuntimeException("root");
        for (int i = 0; i < 5_000; i++) {
            t = new RuntimeException("level" + i, t);
        }
        List<ExceptionInfo> chain = ExceptionChain.of(t);
        assertEquals(ExceptionChain.MAX_EXCEPTIONS, chain.size());
        assertEquals("level4999", chain.get(0).message());
    }

    @Test
    void throwingCauseGetterLeavesTheThrownException() {
        List<ExceptionInfo> chain = ExceptionChain.of(new HostileExceptions.ThrowingCause());
        assertEquals(1, chain.size());
        assertEquals("cause getter throws", chain.get(0).message());
    }

    @Test
    void nullMessageIsEmptyAndNoFramesIsFine() {
        ExceptionInfo x = ExceptionChain.of(HostileExceptions.noFrames()).get(0);
        assertEquals("", x.message());
        assertTrue(x.frames().isEmpty());
    }

    @Test
    void hostileStackTraceGetterGivesNoFrames() {
        RuntimeException e = new RuntimeException("x") {
            @Override
            public StackTraceElement[] getStackTrace() {
                throw new IllegalStateException("no trace");
            }
        };
        ExceptionInfo x = ExceptionChain.of(e).get(0);
        assertTrue(x.frames().isEmpty());
        assertEquals("x", x.message());
    }

    @Test
    void nullElementsInAStackTraceBecomeUnknownFrames() {
        RuntimeException e = new RuntimeException("x") {
            @Override
            public StackTraceElement[] getStackTrace() {
                return new StackTraceElement[] {null};
            }
        };
        assertEquals("<unknown>", ExceptionChain.of(e).get(0).frames().get(0).className());
    }
}
