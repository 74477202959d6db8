package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Once started: one line with the JVM's uptime, CPU time and memory, read by the benchmark
 * (dev.telltale.bench.SpringStartup in the bench module); then, with {@code -Dshop.exercise=true},
 * two requests, one to a failing page (so a run shows the agent reports in this application); then
 * the application exits (unless {@code -Dshop.stay=true}).
 */
@Component
class StartupReport {
    private final ProductRepository products;

    StartupReport(ProductRepository products) {
        this.products = products;
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) throws Exception {
        products.save(new Product("teapot", 1999));
        products.save(new Product("kettle", 2999));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        System.out.println("SHOP-STARTED uptime_ms=" + uptime + " cpu_ms=" + cpuMs + " rss_kb=" + status("VmRSS")
                + " hwm_kb=" + status("VmHWM") + " products=" + products.count());
        if (Boolean.getBoolean("shop.exercise") && event.getApplicationContext() instanceof WebServerApplicationContext web) {
            int port = web.getWebServer().getPort();
            System.out.println("SHOP-GET /products -> " + get("http://127.0.0.1:" + port + "/products?q=tea"));
            System.out.println("SHOP-GET /orders/7 -> " + get("http://127.0.0.1:" + port + "/orders/7"));
        }
        if (!Boolean.getBoolean("shop.stay")) {
            System.exit(SpringApplication.exit(event.getApplicationContext()));
        }
    }

    private static int get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux: unknown
        }
        return -1;
    }
}
