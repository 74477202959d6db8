package com.example.apps;

/** Application code that fails, for apps launched from a library namespace. */
public final class Tasks {
    private Tasks() {}

    public static Runnable failing(String message) {
        return () -> {
            throw new IllegalStateException(message);
        };
    }
}
