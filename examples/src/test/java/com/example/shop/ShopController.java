package com.example.shop;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Pages that open a session, an order page that throws, an endpoint that logs an ERROR with an
 * exception. The session through Spring's {@code WebRequest}: the same class runs on javax (Boot 2.7)
 * and jakarta (Boot 3 and 4).
 */
@RestController
public class ShopController {
    private static final Logger LOG = LoggerFactory.getLogger(ShopController.class);
    private final CrashController crash = new CrashController();

    @GetMapping("/health")
    public String health() {
        return "up";
    }

    @GetMapping("/login")
    public String login(WebRequest request) {
        request.setAttribute("user", "ann", RequestAttributes.SCOPE_SESSION);
        LOG.info("logged in");
        return "welcome";
    }

    @GetMapping("/cart")
    public String cart(WebRequest request) {
        request.getSessionId(); // the session, opened at login
        LOG.info("viewed cart");
        return "cart";
    }

    @GetMapping("/orders/{id}")
    public String order(@PathVariable("id") String id) {
        LOG.info("loading order {}", id);
        return crash.triggerException(id);
    }

    @GetMapping("/sync")
    public String sync() {
        LOG.info("syncing inventory");
        LOG.error("inventory sync failed for {}", "sku-7", new IOException("warehouse offline"));
        return "partial";
    }
}
