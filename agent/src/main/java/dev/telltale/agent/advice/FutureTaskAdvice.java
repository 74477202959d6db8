package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** On {@code java.util.concurrent.FutureTask}: scope hand-off and unobserved failures. */
public final class FutureTaskAdvice {
    private FutureTaskAdvice() {}

    /** Constructors: the task is created on the submitting thread, so it carries that thread's scope. */
    public static final class Init {
        private Init() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings({"rawtypes", "UnusedAssignment"})
        static void exit(@Advice.FieldValue(value = "callable", readOnly = false) Callable callable) {
            callable = (Callable) TelltaleBridge.wrapTask(callable);
        }
    }

    /** {@code setException}: the task ended with an exception, kept in the future. */
    public static final class Failed {
        private Failed() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Throwable error) {
            TelltaleBridge.futureFailed(future, error);
        }
    }

    /** {@code report} (behind both {@code get}s), {@code exceptionNow}, {@code resultNow}: someone looked. */
    public static final class Observed {
        private Observed() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future) {
            TelltaleBridge.futureObserved(future);
        }
    }
}
