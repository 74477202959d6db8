package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop with no Telltale code at all: the dependencies (telltale-servlet, telltale-logback)
 * and {@code telltale.destinations} in {@code application.properties} are the whole install. The
 * same classes run on Spring Boot 3 and 4 (see {@code SpringBootShopTest}).
 */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
