package dev.telltale.examples;

import dev.telltale.Breadcrumb;
import dev.telltale.Level;
import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.User;

/**
 * The main demo: a tiny "shop" that leaves a journey of breadcrumbs, handles an exception, reports a
 * message and crashes a worker thread. With no configuration every event lands as a JSON file in
 * ./telltale-events; set TELLTALE_DESTINATIONS (or SENTRY_DSN, BUGSNAG_API_KEY) to send them elsewhere too.
 */
public final class Demo {
    public static void main(String[] args) throws Exception {
        TelltaleClient client = Telltale.init(TelltaleOptions.builder()
                .release(System.getProperty("telltale.release", "demo-shop@1.0.0"))
                .inAppPackages("dev.telltale.examples")
                .build());
        System.out.println("Telltale destinations: " + client.destinationNames());

        // The user's journey: what they did before things went wrong.
        Telltale.setUser(User.builder().id("u-1042").username("ann").build());
        Telltale.setTag("tenant", "acme");
        Telltale.addBreadcrumb(Breadcrumb.builder()
                .type("navigation")
                .category("page-view")
                .message("Viewed /catalog")
                .build());
        Telltale.addBreadcrumb(Breadcrumb.builder()
                .type("user")
                .category("cart")
                .message("Added SKU-7 to cart")
                .build());
        Telltale.addBreadcrumb(Breadcrumb.builder()
                .type("user")
                .category("checkout")
                .message("Started checkout")
                .build());

        // A handled exception, with a cause, and per-event context.
        try {
            new Checkout().pay("order-42", 1999);
        } catch (IllegalStateException e) {
            String id = Telltale.captureException(e, scope -> scope.setTag("order", "order-42"));
            System.out.println("captured handled exception as event " + id);
        }

        // A message event.
        System.out.println("captured message as event "
                + Telltale.captureMessage("Inventory for SKU-7 is running low", Level.WARNING));

        // An uncaught exception in a worker thread: reported, then printed as the JVM would.
        Thread worker = new Thread(
                Telltale.wrap((Runnable) () -> {
                    throw new ArithmeticException("discount rate divided by zero");
                }),
                "pricing-worker");
        worker.start();
        worker.join();

        Telltale.flush(5_000);
        TelltaleStats stats = Telltale.stats();
        System.out.println("Telltale: " + stats);
        Telltale.close();
    }

    /** A payment step that fails because its gateway does. */
    static final class Checkout {
        void pay(String orderId, int cents) {
            try {
                new Gateway().charge(cents);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("payment for " + orderId + " failed", e);
            }
        }
    }

    static final class Gateway {
        void charge(int cents) throws java.io.IOException {
            throw new java.net.SocketTimeoutException("gateway did not answer within 3000 ms");
        }
    }
}
