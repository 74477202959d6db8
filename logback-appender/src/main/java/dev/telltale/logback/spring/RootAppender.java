package dev.telltale.logback.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.telltale.logback.TelltaleAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** A {@link TelltaleAppender} added to Logback's root logger by the Spring Boot listener. */
final class RootAppender {
    static final String NAME = "TELLTALE";

    private final Logger root;
    private final TelltaleAppender appender;

    private RootAppender(Logger root, TelltaleAppender appender) {
        this.root = root;
        this.appender = appender;
    }

    /** @return the added appender, or null when Logback is not SLF4J's binding or the root has a Telltale appender already */
    static RootAppender attach() {
        Object factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            return null;
        }
        LoggerContext ctx = (LoggerContext) factory;
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof TelltaleAppender) {
                return null; // the application's logback-spring.xml has one: its settings win
            }
        }
        TelltaleAppender a = new TelltaleAppender();
        a.setContext(ctx);
        a.setName(NAME);
        a.start();
        root.addAppender(a);
        return new RootAppender(root, a);
    }

    void detach() {
        root.detachAppender(appender);
        appender.stop();
    }
}
