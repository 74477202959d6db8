package dev.telltale.agent.view;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Breadcrumb;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.User;
import dev.telltale.config.ConfigKey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.RequestInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Events written by the real core through its {@code file:} destination, as an application would leave them. */
final class SampleEvents {
    static final String HOSTILE_MESSAGE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">";
    static final String HOSTILE_CRUMB = "<script>document.body.setAttribute('data-pwned','script')</script>";

    private SampleEvents() {}

    static void write(Path dir, Consumer<TelltaleClient> body) {
        TelltaleClient client = TelltaleClient.start(TelltaleOptions.builder()
                .set(ConfigKey.DESTINATIONS, "file:" + dir)
                .set(ConfigKey.IN_APP_PACKAGES, "dev.telltale.agent.view")
                .set(ConfigKey.UNCAUGHT_HANDLER, "false")
                .set(ConfigKey.SHUTDOWN_HOOK, "false")
                .set(ConfigKey.RELEASE, "shop@1.4.2")
                .build());
        try {
            body.accept(client);
            assertTrue(client.flush(20_000), "events written");
        } finally {
            client.close();
        }
    }

    /** Three occurrences of one bug (different order numbers), a chained checkout failure, a hostile one and a message. */
    static void standardSet(Path dir) {
        write(dir, c -> {
            for (int order : new int[] {1042, 1043, 977}) {
                try {
                    reserveStock(order);
                } catch (IllegalStateException e) {
                    c.captureException(e);
                }
            }
            try {
                checkout();
            } catch (RuntimeException e) {
                c.captureException(
                        e,
                        s -> s.addBreadcrumb(Breadcrumb.builder()
                                        .category("http")
                                        .message("GET /cart")
                                        .build())
                                .addBreadcrumb(Breadcrumb.builder()
                                        .category("checkout")
                                        .message("cart submitted")
                                        .data("items", "3")
                                        .build())
                                .addBreadcrumb(Breadcrumb.builder()
                                        .category("db")
                                        .level(Level.WARNING)
                                        .message("slow query: 1200 ms")
                                        .build())
                                .setUser(User.builder()
                                        .id("u-1042")
                                        .username("ada")
                                        .build())
                                .setTag("region", "eu-west")
                                .setContext("order", Map.of("id", "1042", "total", "99.90"))
                                .setRequest(RequestInfo.builder()
                                        .method("POST")
                                        .url("http://shop.local/checkout")
                                        .queryString("step=pay")
                                        .header("Accept", "text/html")
                                        .build())
                                .setJourney(
                                        System.currentTimeMillis() - 60_000,
                                        Arrays.asList(
                                                new JourneyAction(
                                                        "j-1",
                                                        "request",
                                                        "GET /products",
                                                        System.currentTimeMillis() - 50_000),
                                                new JourneyAction(
                                                        "j-2",
                                                        "request",
                                                        "POST /cart/add",
                                                        System.currentTimeMillis() - 30_000))));
            }
            c.captureException(
                    new IllegalArgumentException(HOSTILE_MESSAGE),
                    s -> s.addBreadcrumb(Breadcrumb.of("ui", HOSTILE_CRUMB)).setTag("html", "<b>bold</b>"));
            c.captureMessage("Inventory low for SKU 77", Level.WARNING);
        });
    }

    static void reserveStock(int order) {
        throw new IllegalStateException("no stock for order " + order);
    }

    static void checkout() {
        try {
            pay();
        } catch (IOException e) {
            throw new RuntimeException("checkout failed", e);
        }
    }

    static void pay() throws IOException {
        try {
            chargeCard();
        } catch (SQLException e) {
            throw new IOException("payment gateway unreachable", e);
        }
    }

    static void chargeCard() throws SQLException {
        throw new SQLException("connection refused: card-db:5432");
    }
}
