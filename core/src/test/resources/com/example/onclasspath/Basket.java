package com.example.onclasspath;

// A source file found on the class path (as a -sources.jar dependency puts it there), for SourceContextTest.
class Basket {
    void add() {
        throw new IllegalStateException("full"); // line 6
    }
}
