package com.example.apps;

import java.lang.reflect.Method;

/** Threads dying of uncaught exceptions in every way a thread can; then the main thread itself. */
public final class UncaughtApp {
    public static void main(String[] args) throws Exception {

        Thread plain = new Thread(
                () -> {
                    throw new IllegalStateException("boom-plain");
                },
                "t-plain");
        plain.start();
        plain.join();

        Thread own = new Thread(
                () -> {
                    throw new IllegalStateException("boom-own-handler");
                },
                "t-own");
        own.setUncaughtExceptionHandler((t, e) -> System.out.println("own handler saw " + e.getMessage()));
        own.start();
        own.join();

        ThreadGroup group = new ThreadGroup("custom-group") {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                System.out.println("group saw " + e.getMessage());
            }
        };
        Thread inGroup = new Thread(
                group,
                () -> {
                    throw new IllegalStateException("boom-group");
                },
                "t-group");
        inGroup.start();
        inGroup.join();

        if (Runtime.version().feature() >= 21) {
            Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
            Thread v = (Thread) start.invoke(null, (Runnable) () -> {
                throw new IllegalStateException("boom-virtual");
            });
            v.join();
        }

        throw new IllegalStateException("boom-main");
    }
}
