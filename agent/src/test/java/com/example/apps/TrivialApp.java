package com.example.apps;

/** A main that does nothing: the start-up overhead of the agent is all there is to measure. */
public final class TrivialApp {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
