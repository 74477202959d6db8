package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;

/** On {@code java.util.concurrent.CompletableFuture} and its async tasks. */
public final class CompletableFutureAdvice {
    private CompletableFutureAdvice() {}

    /**
     * {@code completeThrowable}, {@code completeExceptionally}: a failure with no dependent stage
     * registered yet is a candidate for "never observed".
     */
    public static final class Failed {
        private Failed() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("stack") Object stack) {
            return stack != null;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object future,
                @Advice.Argument(0) Throwable error,
                @Advice.Return boolean completed,
                @Advice.Enter boolean hadDependents,
                @Advice.FieldValue("stack") Object stack) {
            // A stage chained concurrently is either on the stack by now, or its own exit advice
            // (below) comes after this and marks the failure observed.
            if (completed && !hadDependents && stack == null) {
                TelltaleBridge.futureFailed(future, error);
            }
        }
    }

    /** {@code get}, {@code join}, {@code thenApply}, {@code exceptionally}, ...: the outcome is looked at or passed on. */
    public static final class Observed {
        private Observed() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future) {
            TelltaleBridge.futureObserved(future);
        }

        /** Again on the way out: the future may have failed while the stage was being chained. */
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object future) {
            TelltaleBridge.futureObserved(future);
        }
    }

    /** Methods whose first argument is another stage ({@code thenCombine(other, ...)}): that one is observed too. */
    public static final class ObservedOther {
        private ObservedOther() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Object other) {
            TelltaleBridge.futureObserved(future);
            TelltaleBridge.futureObserved(other);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object future, @Advice.Argument(0) Object other) {
            TelltaleBridge.futureObserved(future);
            TelltaleBridge.futureObserved(other);
        }
    }

    /** {@code allOf}, {@code anyOf}. */
    public static final class ObservedAll {
        private ObservedAll() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object[] futures) {
            TelltaleBridge.futuresObserved(futures);
        }
    }

    /** {@code AsyncRun} constructor: the runnable carries the caller's scope. */
    public static final class AsyncRunInit {
        private AsyncRunInit() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void exit(@Advice.FieldValue(value = "fn", readOnly = false) Runnable fn) {
            fn = (Runnable) TelltaleBridge.wrapTask(fn);
        }
    }

    /** {@code AsyncSupply} constructor. */
    public static final class AsyncSupplyInit {
        private AsyncSupplyInit() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings({"rawtypes", "UnusedAssignment"})
        static void exit(@Advice.FieldValue(value = "fn", readOnly = false) Supplier fn) {
            fn = (Supplier) TelltaleBridge.wrapTask(fn);
        }
    }
}
