package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

/**
 * On {@code Thread.dispatchUncaughtException}: the one method the JVM (and, for virtual threads,
 * the JDK) calls for every uncaught exception, before the thread's own handler, its group or the
 * default handler. Reporting here sees all of them; the original handler then runs unchanged.
 */
public final class ThreadAdvice {
    private ThreadAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Thread thread, @Advice.Argument(0) Throwable error) {
        TelltaleBridge.uncaught(thread, error);
    }
}
