package dev.telltale.examples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that knows nothing of Telltale: no Telltale call, no appender in its logging
 * configuration. Run it under {@code -javaagent:telltale-agent.jar} and its errors are reported
 * anyway: the logged error (with the INFO lines before it as breadcrumbs), the task that failed in a
 * pool with nobody looking, and the worker thread that died.
 */
public final class ZeroCodeDemo {
    // A logger outside dev.telltale.*: Telltale never reports its own loggers.
    private static final Logger LOG = LoggerFactory.getLogger("shop.checkout");

    public static void main(String[] args) throws Exception {
        LOG.info("Shop starting");
        LOG.info("User ann opened /cart");
        try {
            Integer.parseInt("12x");
        } catch (NumberFormatException e) {
            LOG.error("Could not parse quantity {}", "12x", e);
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> {
            throw new IllegalStateException("nightly report failed");
        }); // the Future is dropped: nobody will ever see this failure without the agent
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);

        Thread worker = new Thread(
                () -> {
                    throw new ArithmeticException("discount rate divided by zero");
                },
                "pricing-worker");
        worker.start();
        worker.join();
        System.out.println("done; under -javaagent the events are in ./telltale-events");
    }
}
