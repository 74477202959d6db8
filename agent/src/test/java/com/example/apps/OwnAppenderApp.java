package com.example.apps;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs with a logback.xml that has Telltale's own appender (writing to the directory in args[0]),
 * under the agent; then drops that configuration for one without Telltale and logs again.
 */
public final class OwnAppenderApp {
    public static void main(String[] args) throws Exception {
        System.setProperty("app.events", args[0]);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(context, "logback-own-appender.xml");

        Logger checkout = LoggerFactory.getLogger("com.example.shop.Checkout");
        checkout.info("cart has {} items", 3);
        checkout.error("payment failed for order {}", 42, new IllegalStateException("card declined"));
        checkout.error("inventory out of sync");
        LoggerFactory.getLogger("com.example.batch.Run")
                .error("batch failed", new IllegalStateException("batch-failure"));
        LoggerFactory.getLogger("com.example.quiet.Job")
                .error("quiet job failed", new IllegalStateException("quiet-failure"));
        // Logback's parent of "a.b$C" is "a.b": here the non-additive "com.example.quiet", not the root.
        LoggerFactory.getLogger("com.example.quiet$Inner")
                .error("inner failed", new IllegalStateException("inner-failure"));

        // Logged, then thrown on: the application's Telltale reports it once (appender and its uncaught handler).
        Thread worker = new Thread(
                () -> {
                    IllegalStateException e = new IllegalStateException("logged then thrown");
                    LoggerFactory.getLogger("com.example.shop.Worker").error("worker failed", e);
                    throw e;
                },
                "t-worker");
        worker.start();
        worker.join();
        Thread plain = new Thread(
                () -> {
                    throw new IllegalStateException("uncaught-with-appender");
                },
                "t-plain");
        plain.start();
        plain.join();

        // Changed at run time, after the agent looked at these loggers' paths: the agent follows.
        ch.qos.logback.classic.Logger quiet = context.getLogger("com.example.quiet");
        quiet.addAppender(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("TELLTALE"));
        LoggerFactory.getLogger("com.example.quiet.Job")
                .error("quiet job failed again", new IllegalStateException("quiet-after-attach"));
        ch.qos.logback.classic.Logger batch = context.getLogger("com.example.batch");
        ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> async = batch.getAppender("ASYNC");
        batch.detachAppender(async); // still started: only no longer on this logger's path
        LoggerFactory.getLogger("com.example.batch.Run")
                .error("batch failed again", new IllegalStateException("batch-after-detach"));
        async.stop();

        // The appender goes with the configuration (and closes the client it started): the agent reports again.
        configure(context, "logback-reconfigured.xml");
        checkout.error("after the appender is gone", new IllegalStateException("after-reset"));
    }

    private static void configure(LoggerContext context, String resource) throws Exception {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(OwnAppenderApp.class.getResource(resource));
    }
}
