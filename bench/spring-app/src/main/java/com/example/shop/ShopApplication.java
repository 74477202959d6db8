package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop: Spring MVC on embedded Tomcat, Spring Data JPA with Hibernate on an in-memory H2.
 * No Telltale code or dependency: the agents under test come from the command line. (Its package is
 * an application's, not Telltale's: the agent treats dev.telltale.* as its own.)
 */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
