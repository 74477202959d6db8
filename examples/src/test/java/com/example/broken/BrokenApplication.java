package com.example.broken;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application whose start fails, the way a failed migration or a bad configuration shows. No
 * auto-configuration (quicker to fail): Telltale's listeners come from spring.factories anyway.
 */
@SpringBootConfiguration
public class BrokenApplication {
    @Bean
    public Object migrations() {
        throw new IllegalStateException("database migration V7 failed");
    }
}
