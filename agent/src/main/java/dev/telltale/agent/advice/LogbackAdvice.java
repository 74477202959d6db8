package dev.telltale.agent.advice;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

/**
 * On {@code ch.qos.logback.classic.Logger.callAppenders}: every event that passed the level check
 * goes through it, whatever appenders {@code logback.xml} (or a later reconfiguration) attached.
 * Inlined into Logback's own class, so the Logback types resolve in the application's loader.
 */
public final class LogbackAdvice {
    private LogbackAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) ILoggingEvent event) {
        int level = event.getLevel().toInt();
        if (level < 20000) { // below INFO: neither an event nor a breadcrumb
            return;
        }
        Throwable error = null;
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy instanceof ThrowableProxy) {
            error = ((ThrowableProxy) proxy).getThrowable();
        }
        TelltaleBridge.log(level, event.getLoggerName(), event.getMessage(), event.getFormattedMessage(),
                event.getThreadName(), event.getTimeStamp(), error, event.getMDCPropertyMap());
    }
}
