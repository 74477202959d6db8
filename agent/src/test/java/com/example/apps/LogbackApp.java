package com.example.apps;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs with a logback.xml that knows nothing of Telltale; reconfigures Logback half way, as Spring Boot does. */
public final class LogbackApp {
    private static final Logger LOG = LoggerFactory.getLogger("com.example.shop.Checkout");

    public static void main(String[] args) throws Exception {
        LOG.debug("debug noise");
        LOG.info("cart has {} items", 3);
        LOG.warn("stock low for {}", "sku-7");
        LOG.error("payment failed for order {}", 42, new IllegalStateException("card declined"));

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackApp.class.getResource("logback-reconfigured.xml"));
        LOG.info("after reconfiguration");
        LOG.error("shipping failed for order {}", 43);

        // Logged, then thrown on: one exception, one event.
        Thread worker = new Thread(
                () -> {
                    IllegalStateException e = new IllegalStateException("logged then thrown");
                    LOG.error("worker failed", e);
                    throw e;
                },
                "t-worker");
        worker.start();
        worker.join();
    }
}
