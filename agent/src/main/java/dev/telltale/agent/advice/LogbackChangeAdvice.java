package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

/**
 * On the Logback methods that attach or detach appenders or change additivity (on a logger, or
 * inside an {@code AsyncAppender}): the cached "does the application's own Telltale appender get
 * this logger's errors" verdicts are stale from now on.
 */
public final class LogbackChangeAdvice {
    private LogbackChangeAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
        TelltaleBridge.logbackChanged();
    }
}
