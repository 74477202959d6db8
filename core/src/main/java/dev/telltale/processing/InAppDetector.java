package dev.telltale.processing;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Marks frames that belong to the application. Configured prefixes win; without them the
 * application's packages are inferred from the main class (two leading package segments), and, as
 * a last resort, every frame outside the JDK and well-known libraries counts as in-app, so that
 * frames are never all "external". A main class inside a library's namespace (Tomcat's
 * {@code Bootstrap}, a launcher, a test runner) says nothing about the application: then the last
 * resort applies, with the main class's own package counted in-app too (a demo under
 * {@code dev.telltale.examples}).
 */
public final class InAppDetector {
    private static final List<String> LIBRARY_PREFIXES = Arrays.asList(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.", "groovy.",
            "org.springframework.", "org.apache.", "org.eclipse.jetty.", "io.netty.", "ch.qos.logback.",
            "org.slf4j.", "com.fasterxml.", "org.hibernate.", "com.google.", "io.micrometer.", "reactor.",
            "org.junit.", "junit.", "org.gradle.", "org.apache.maven.", "net.bytebuddy.", "io.undertow.",
            "org.glassfish.", "com.zaxxer.", "okhttp3.", "io.grpc.", "dev.telltale.");

    private final List<String> includes;
    private final List<String> excludes;
    /** With no includes: the package of a main class found in a library namespace, else empty. */
    private final String mainPackage;

    public InAppDetector(List<String> configured, List<String> excludes, String mainClass) {
        this.excludes = dotted(excludes);
        if (!configured.isEmpty()) {
            this.includes = dotted(configured);
            this.mainPackage = "";
        } else {
            String inferred = inferFromMainClass(mainClass);
            this.includes = inferred.isEmpty() ? Collections.<String>emptyList() : Collections.singletonList(inferred);
            this.mainPackage = inferred.isEmpty() ? packageOf(mainClass) : "";
        }
    }

    /**
     * {@code com.shop.App} gives {@code com.shop.}; a class in the default package, a jar, or a class
     * inside a library namespace ({@code org.apache.catalina.startup.Bootstrap}) gives nothing.
     */
    static String inferFromMainClass(String mainClass) {
        if (mainClass == null || mainClass.isEmpty() || mainClass.endsWith(".jar")) {
            return "";
        }
        String[] parts = mainClass.split("\\.");
        if (parts.length < 2) {
            return "";
        }
        if (isLibrary(mainClass)) {
            return "";
        }
        return prefix(parts, Math.min(2, parts.length - 1));
    }

    /** {@code a.b.Main} gives {@code a.b.}; empty for a jar or the default package. */
    private static String packageOf(String mainClass) {
        if (mainClass == null || mainClass.endsWith(".jar")) {
            return "";
        }
        int dot = mainClass.lastIndexOf('.');
        return dot <= 0 ? "" : mainClass.substring(0, dot + 1);
    }

    private static String prefix(String[] parts, int segments) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < segments; i++) {
            b.append(parts[i]).append('.');
        }
        return b.toString();
    }

    private static boolean isLibrary(String prefix) {
        for (String lib : LIBRARY_PREFIXES) {
            if (prefix.startsWith(lib)) {
                return true;
            }
        }
        return false;
    }

    /** The main class from {@code sun.java.command}, when the JVM was started with one. */
    public static String mainClassOfProcess() {
        try {
            String cmd = System.getProperty("sun.java.command", "").trim();
            return cmd.isEmpty() ? "" : cmd.split("\\s+")[0];
        } catch (SecurityException e) {
            return "";
        }
    }

    public boolean isInApp(String className) {
        for (String ex : excludes) {
            if (className.startsWith(ex)) {
                return false;
            }
        }
        if (!includes.isEmpty()) {
            for (String in : includes) {
                if (className.startsWith(in)) {
                    return true;
                }
            }
            return false;
        }
        return (!mainPackage.isEmpty() && className.startsWith(mainPackage)) || !isLibrary(className);
    }

    public Event apply(Event event) {
        if (event.exceptions().isEmpty() && event.threadFrames().isEmpty()) {
            return event;
        }
        List<ExceptionInfo> out = new ArrayList<>(event.exceptions().size());
        for (ExceptionInfo e : event.exceptions()) {
            out.add(e.withFrames(mark(e.frames())));
        }
        return event.toBuilder().exceptions(out).threadFrames(mark(event.threadFrames())).build();
    }

    private List<StackFrame> mark(List<StackFrame> in) {
        List<StackFrame> frames = new ArrayList<>(in.size());
        for (StackFrame f : in) {
            frames.add(f.withInApp(isInApp(f.className())));
        }
        return frames;
    }

    private static List<String> dotted(List<String> prefixes) {
        List<String> out = new ArrayList<>(prefixes.size());
        for (String p : prefixes) {
            String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t.endsWith(".") ? t : t + ".");
            }
        }
        return out;
    }
}
