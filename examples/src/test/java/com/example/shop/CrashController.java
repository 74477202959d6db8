package com.example.shop;

/** Where the shop's failure happens: a frame of the application's own (in-app). */
public class CrashController {
    public String triggerException(String id) {
        throw new IllegalStateException("order " + id + " broken");
    }
}
