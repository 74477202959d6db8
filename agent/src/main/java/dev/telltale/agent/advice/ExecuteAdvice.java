package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

/** On {@code ThreadPoolExecutor.execute(Runnable)}: the submitter's scope, for a plain runnable. */
public final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Runnable task) {
        TelltaleBridge.executeSubmitted(task);
    }
}
