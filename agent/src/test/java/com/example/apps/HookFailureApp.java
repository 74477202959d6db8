package com.example.apps;

/** The servlet hook fails on one class; every other hook must go on working. */
public final class HookFailureApp {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 2; i++) {
            try {
                Class.forName("com.example.apps.BrokenFilter");
            } catch (NoClassDefFoundError expected) {
                System.out.println("app saw " + expected);
            }
        }
        Thread t = new Thread(
                () -> {
                    throw new IllegalStateException("boom-after-hook-failure");
                },
                "t-after");
        t.start();
        t.join();
    }
}
