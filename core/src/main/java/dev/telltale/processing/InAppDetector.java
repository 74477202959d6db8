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
 * frames are never all "external". Under {@code java -jar} the main class is the jar's manifest's
 * {@code Start-Class} (a Spring Boot fat jar, whose {@code Main-Class} is Boot's launcher), else
 * its {@code Main-Class}. A main class inside a library's namespace (Tomcat's {@code Bootstrap}, a
 * launcher, a test runner) says nothing about the application: then the packages integrations
 * know to be the application's ({@link #addApplicationPackage}: a web application's own classes,
 * a Spring Boot application's package) decide, else the last resort applies, with the main
 * class's own package counted in-app too (a demo under {@code dev.telltale.examples}).
 *
 * <p>The inference reads a manifest: it runs on first use (the sender thread), never at start.
 */
public final class InAppDetector {
    private static final List<String> LIBRARY_PREFIXES = Arrays.asList(
            "java.",
            "javax.",
            "jakarta.",
            "jdk.",
            "sun.",
            "com.sun.",
            "kotlin.",
            "scala.",
            "groovy.",
            "org.springframework.",
            "org.apache.",
            "org.eclipse.jetty.",
            "io.netty.",
            "ch.qos.logback.",
            "org.slf4j.",
            "com.fasterxml.",
            "org.hibernate.",
            "com.google.",
            "io.micrometer.",
            "reactor.",
            "org.junit.",
            "junit.",
            "org.gradle.",
            "org.apache.maven.",
            "net.bytebuddy.",
            "io.undertow.",
            "org.glassfish.",
            "com.zaxxer.",
            "okhttp3.",
            "io.grpc.",
            "dev.telltale.");

    /** Application packages integrations found (bounded; the newest kept), shared by every detector of this loader. */
    private static volatile List<String> applicationPackages = Collections.emptyList();

    private static final int MAX_APPLICATION_PACKAGES = 32;

    private final List<String> configured;
    private final List<String> excludes;
    private final String mainClass;
    /** {inferred prefix, main package}; computed on first use. */
    private volatile String[] inferred;

    public InAppDetector(List<String> configured, List<String> excludes, String mainClass) {
        this.excludes = dotted(excludes);
        this.configured = dotted(configured);
        this.mainClass = mainClass;
    }

    /**
     * Records a package prefix that holds the application's own classes, found by an integration
     * (the servlet filter from {@code /WEB-INF/classes}, Spring Boot from the application class).
     * Used when no package is configured. A prefix in a library namespace is ignored.
     */
    public static void addApplicationPackage(String prefix) {
        if (prefix == null || prefix.trim().isEmpty()) {
            return;
        }
        String p = prefix.trim().endsWith(".") ? prefix.trim() : prefix.trim() + ".";
        if (p.length() < 2 || isLibrary(p)) {
            return;
        }
        synchronized (InAppDetector.class) {
            List<String> now = applicationPackages;
            if (now.contains(p)) {
                return;
            }
            List<String> next = new ArrayList<>(now);
            next.add(p);
            if (next.size() > MAX_APPLICATION_PACKAGES) {
                next.remove(0);
            }
            applicationPackages = Collections.unmodifiableList(next);
        }
    }

    /** Forgets the recorded application packages (tests). */
    static void clearApplicationPackages() {
        applicationPackages = Collections.emptyList();
    }

    private String[] inferred() {
        String[] i = inferred;
        if (i == null) {
            String main = resolveMainClass(mainClass);
            String prefix = inferFromMainClass(main);
            i = new String[] {prefix, prefix.isEmpty() ? packageOf(main) : ""};
            inferred = i;
        }
        return i;
    }

    /**
     * The application's main class from the process's command: a class name as it is; for a jar,
     * its manifest's {@code Start-Class} else {@code Main-Class}; for a launcher class inside a
     * library (Spring Boot's {@code JarLauncher} run from a class path), the {@code Start-Class} of
     * the first jar on the class path.
     */
    static String resolveMainClass(String command) {
        if (command == null || command.isEmpty()) {
            return "";
        }
        if (command.endsWith(".jar")) {
            String fromJar = mainOfJar(command);
            return fromJar == null ? command : fromJar;
        }
        if (isLibrary(command)) {
            try {
                String cp = System.getProperty("java.class.path", "");
                String first = cp.split(java.io.File.pathSeparator, 2)[0];
                if (first.endsWith(".jar")) {
                    String start = startClassOf(first);
                    if (start != null) {
                        return start;
                    }
                }
            } catch (RuntimeException e) {
                // no class path to read
            }
        }
        return command;
    }

    private static String mainOfJar(String jar) {
        java.util.jar.Manifest m = manifest(jar);
        if (m == null) {
            return null;
        }
        String start = clean(m.getMainAttributes().getValue("Start-Class"));
        return start != null ? start : clean(m.getMainAttributes().getValue("Main-Class"));
    }

    private static String startClassOf(String jar) {
        java.util.jar.Manifest m = manifest(jar);
        return m == null ? null : clean(m.getMainAttributes().getValue("Start-Class"));
    }

    private static java.util.jar.Manifest manifest(String jar) {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar, false)) {
            return f.getManifest();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String clean(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
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
        if (!configured.isEmpty()) {
            return startsWithAny(className, configured);
        }
        List<String> known = applicationPackages;
        if (startsWithAny(className, known)) {
            return true;
        }
        String[] inf = inferred();
        if (!inf[0].isEmpty()) {
            return className.startsWith(inf[0]);
        }
        if (!inf[1].isEmpty() && className.startsWith(inf[1])) {
            return true;
        }
        // Integrations named the application's packages: nothing else is the application's.
        return known.isEmpty() && !isLibrary(className);
    }

    private static boolean startsWithAny(String className, List<String> prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public Event apply(Event event) {
        if (event.exceptions().isEmpty() && event.threadFrames().isEmpty()) {
            return event;
        }
        List<ExceptionInfo> out = new ArrayList<>(event.exceptions().size());
        for (ExceptionInfo e : event.exceptions()) {
            out.add(e.withFrames(mark(e.frames())));
        }
        return event.toBuilder()
                .exceptions(out)
                .threadFrames(mark(event.threadFrames()))
                .build();
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
