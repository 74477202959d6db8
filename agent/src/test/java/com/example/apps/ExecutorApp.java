package com.example.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Failed tasks: some never observed (must be reported), some observed (must not be). */
public final class ExecutorApp {
    public static void main(String[] args) throws Exception {
        Path events = Paths.get(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(2);

        // Observed by get(): the application handles it, nothing to report.
        Future<?> seen = pool.submit(() -> {
            throw new IllegalArgumentException("boom-observed-get");
        });
        try {
            seen.get();
        } catch (ExecutionException expected) {
            System.out.println("observed " + expected.getCause().getMessage());
        }
        // Observed by a dependent stage that handles it.
        CompletableFuture.runAsync(() -> {
                    throw new IllegalArgumentException("boom-observed-exceptionally");
                })
                .exceptionally(e -> null)
                .join();

        // Never observed, future dropped: reported once the future is collected, while the app runs.
        pool.submit(() -> {
            throw new IllegalStateException("boom-collected");
        });
        awaitEventMentioning(events, "boom-collected");
        System.out.println("collected failure reported while running");

        // Never observed, future kept until exit: reported at shutdown.
        Future<?> kept = pool.submit(() -> {
            throw new IllegalStateException("boom-kept-unobserved");
        });
        CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> {
            throw new UnsupportedOperationException("boom-cf-unobserved");
        });
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(
                () -> {
                    throw new IllegalStateException("boom-scheduled");
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        Thread.sleep(300);
        pool.shutdown();
        scheduler.shutdown();
        System.out.println("done " + kept.isDone() + " " + cf.isDone());
    }

    /** Drops garbage until an event file names the marker (bounded). */
    private static void awaitEventMentioning(Path dir, String marker) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    boolean found = s.filter(p -> p.toString().endsWith(".json"))
                            .anyMatch(p -> {
                                try {
                                    return new String(Files.readAllBytes(p), "UTF-8").contains(marker);
                                } catch (Exception e) {
                                    return false;
                                }
                            });
                    if (found) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        System.out.println("timed out waiting for " + marker);
    }
}
