package dev.telltale.examples;

import ch.qos.logback.classic.LoggerContext;
import dev.telltale.Telltale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * The Logback demo: no Telltale call to start it. The {@code TelltaleAppender} in
 * {@code logback-demo.xml} starts Telltale; INFO and WARN lines become breadcrumbs, ERROR lines
 * become events (with the MDC keys {@code tenant} and {@code requestId} as tags). With no
 * configuration the events land as JSON files in ./telltale-events.
 */
public final class LogbackDemo {
    static {
        // Before the first logger: pick this demo's configuration unless one was given.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-demo.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogbackDemo.class);

    public static void main(String[] args) {
        MDC.put("tenant", "acme");
        MDC.put("requestId", "req-7f3a");
        MDC.put("plan", "pro");
        try {
            LOG.debug("Catalog cache warmed"); // below the breadcrumb level: ignored
            LOG.info("User {} opened the catalog", "ann"); // breadcrumb
            LOG.info("Added {} to the cart", "SKU-7"); // breadcrumb
            LOG.warn("Payment gateway answered in {} ms", 2300); // breadcrumb (warning)
            try {
                new Checkout().pay("order-42");
            } catch (IllegalStateException e) {
                LOG.error("Checkout of {} failed", "order-42", e); // exception event
            }
            LOG.error(MarkerFactory.getMarker("INVENTORY"), "Stock of {} went negative", "SKU-7"); // message event
        } finally {
            MDC.clear();
        }

        Telltale.flush(5_000);
        System.out.println("Telltale: " + Telltale.stats());
        // Stopping Logback stops the appender, which closes the Telltale client it started.
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    /** A payment step that fails because its gateway does. */
    static final class Checkout {
        void pay(String orderId) {
            try {
                throw new java.net.SocketTimeoutException("gateway did not answer within 3000 ms");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("payment for " + orderId + " failed", e);
            }
        }
    }
}
