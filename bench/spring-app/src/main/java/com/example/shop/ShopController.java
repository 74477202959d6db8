package com.example.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
public class ShopController {
    private static final Logger LOG = LoggerFactory.getLogger(ShopController.class);
    private final ProductRepository products;

    ShopController(ProductRepository products) {
        this.products = products;
    }

    @GetMapping("/products")
    public List<Product> products(@RequestParam(defaultValue = "") String q) {
        return q.isEmpty() ? products.findAll() : products.findByNameContainingIgnoreCase(q);
    }

    @GetMapping("/orders/{id}")
    public String order(@PathVariable long id) {
        LOG.info("loading order {}", id);
        throw new IllegalStateException("order " + id + " failed");
    }
}
