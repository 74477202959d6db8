package dev.telltale.agent.advice;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.telltale.agent.bootstrap.TelltaleBridge;
import java.util.Iterator;
import net.bytebuddy.asm.Advice;

/**
 * On {@code ch.qos.logback.classic.Logger.callAppenders}: every event that passed the level check
 * goes through it, whatever appenders {@code logback.xml} (or a later reconfiguration) attached.
 * Inlined into Logback's own class, so the Logback types resolve in the application's loader (and
 * no helper method of this class can be called: everything is in the one advice body).
 */
public final class LogbackAdvice {
    private LogbackAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Logger self, @Advice.Argument(0) ILoggingEvent event) {
        int level = event.getLevel().toInt();
        if (level < 20000) { // below INFO: neither an event nor a breadcrumb
            return;
        }
        // An ERROR that the application's own TelltaleAppender receives too is reported by it (the
        // application configured it on purpose): walk the loggers this event will visit, as
        // callAppenders does, looking for that appender by class name (never loading the class),
        // also one level inside appenders that hold others (AsyncAppender). The verdict is cached
        // per logger until Logback's appenders or additivity change (LogbackChangeAdvice).
        boolean appReports = false;
        if (level >= 40000) {
            try {
                int generation = TelltaleBridge.logbackGeneration();
                Object cached = TelltaleBridge.logbackVerdict(self, generation);
                if (cached instanceof Appender && ((Appender<?>) cached).isStarted()) {
                    appReports = true;
                } else if (cached != TelltaleBridge.NONE) {
                    String wanted = TelltaleBridge.APP_LOGBACK_APPENDER;
                    Appender<ILoggingEvent> found = null;
                    LoggerContext context = self.getLoggerContext();
                    Logger root = context == null ? null : context.getLogger(Logger.ROOT_LOGGER_NAME);
                    Logger l = self;
                    for (int hops = 0; l != null && hops < 256 && found == null; hops++) {
                        Iterator<Appender<ILoggingEvent>> it = l.iteratorForAppenders();
                        while (it.hasNext() && found == null) {
                            Appender<ILoggingEvent> a = it.next();
                            if (a == null || !a.isStarted()) {
                                continue; // a stopped appender receives nothing
                            }
                            if (wanted.equals(a.getClass().getName())) {
                                found = a;
                            } else if (a instanceof AppenderAttachable) {
                                @SuppressWarnings("unchecked")
                                Iterator<Appender<ILoggingEvent>> inner =
                                        ((AppenderAttachable<ILoggingEvent>) a).iteratorForAppenders();
                                while (inner.hasNext() && found == null) {
                                    Appender<ILoggingEvent> b = inner.next();
                                    if (b != null
                                            && b.isStarted()
                                            && wanted.equals(b.getClass().getName())) {
                                        found = b;
                                    }
                                }
                            }
                        }
                        if (found != null || !l.isAdditive()) {
                            break;
                        }
                        // The parent is private to Logger; Logback names it by the last '.' or '$' of the child's name.
                        String name = l.getName();
                        if (l == root || root == null || name == null) {
                            break;
                        }
                        int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
                        l = cut < 0 ? root : context.exists(name.substring(0, cut));
                    }
                    appReports = found != null;
                    TelltaleBridge.logbackRemember(self, generation, found);
                }
            } catch (Throwable e) {
                appReports = false; // not known: the agent reports it rather than nobody
            }
        }
        Throwable error = null;
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy instanceof ThrowableProxy) {
            error = ((ThrowableProxy) proxy).getThrowable();
        }
        TelltaleBridge.log(
                level,
                event.getLoggerName(),
                event.getMessage(),
                event.getFormattedMessage(),
                event.getThreadName(),
                event.getTimeStamp(),
                error,
                event.getMDCPropertyMap(),
                appReports);
    }
}
