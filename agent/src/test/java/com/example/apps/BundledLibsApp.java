package com.example.apps;

import com.fasterxml.jackson.core.JsonFactory;
import net.bytebuddy.ByteBuddy;

/** An application that brings its own, older Jackson and Byte Buddy: both must stay its own. */
public final class BundledLibsApp {
    public static void main(String[] args) throws Exception {
        System.out.println("app jackson " + new JsonFactory().version());
        Class<?> made = new ByteBuddy()
                .subclass(Object.class)
                .name("com.example.apps.Made")
                .make()
                .load(BundledLibsApp.class.getClassLoader())
                .getLoaded();
        System.out.println("app bytebuddy made " + made.getName() + " from "
                + ByteBuddy.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath());
        Thread t = new Thread(
                () -> {
                    throw new IllegalStateException("boom-bundled");
                },
                "t-bundled");
        t.start();
        t.join();
    }
}
