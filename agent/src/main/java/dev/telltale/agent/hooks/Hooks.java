package dev.telltale.agent.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's hooks and the one cheap test every loaded class goes through: a set lookup by name
 * for the hooks that name their types, a byte search for the servlet hooks. Nothing is parsed, and
 * Byte Buddy is not even called, for a class no hook may want (the old type-pool hierarchy matching
 * of every class cost a Spring Boot application seconds of start-up).
 */
public final class Hooks {
    /** Never instrumented, whatever a generic hook thinks: Telltale and Byte Buddy (any copy), other agents. */
    private static final List<String> NEVER = Arrays.asList(
            join("dev", "telltale"),
            join("net", "bytebuddy"),
            "io.opentelemetry.javaagent.",
            "datadog.trace.",
            "com.datadog.",
            "co.elastic.apm.",
            "com.newrelic.",
            "org.glowroot.",
            "com.dynatrace.",
            "com.appdynamics.",
            "org.jacoco.agent.",
            "io.sentry.",
            "jdk.internal.",
            "sun.reflect.");

    private Hooks() {}

    /** Every hook, in a fixed order (so diagnostics are stable). */
    public static List<Hook> all() {
        return Arrays.<Hook>asList(
                new ThreadHook(),
                new FutureTaskHook(),
                new ThreadPoolExecutorHook(),
                new CompletableFutureHook(),
                new CompletableFutureTaskHook("AsyncRun"),
                new CompletableFutureTaskHook("AsyncSupply"),
                new LogbackLoggerHook(),
                new LogbackAppenderHook(),
                new ServletHook("javax"),
                new ServletHook("jakarta"));
    }

    /** The name of the hook that instruments {@code typeName}, for diagnostics. */
    public static String hookOf(List<Hook> hooks, String typeName) {
        for (Hook h : hooks) {
            if (h.typeNames().contains(typeName)) {
                return h.name();
            }
        }
        return "servlet";
    }

    /**
     * The test in front of Byte Buddy: a class it rejects never reaches Byte Buddy at all (no type
     * pool, no description, no matcher), so Byte Buddy's code stays cold for the thousands of classes
     * an application loads, and costs neither interpretation nor JIT compilation.
     */
    public static final class Candidates {
        /** Internal names ({@code java/lang/Thread}) of the named hooks' types. */
        private final Set<String> named = new HashSet<>();

        private final List<Hook> generic = new ArrayList<>();
        private final List<String> never = new ArrayList<>();

        public Candidates(List<Hook> hooks) {
            for (Hook h : hooks) {
                if (h.typeNames().isEmpty()) {
                    generic.add(h);
                }
                for (String n : h.typeNames()) {
                    named.add(n.replace('.', '/'));
                }
            }
            for (String p : NEVER) {
                never.add(p.replace('.', '/'));
            }
        }

        /**
         * @param internalName as the JVM hands it to a transformer ({@code a/b/C})
         * @param loaded the class when it is being retransformed, else null
         * @param classFile the class file
         */
        public boolean wanted(String internalName, ClassLoader loader, Class<?> loaded, byte[] classFile) {
            if (internalName == null) {
                return false;
            }
            if (named.contains(internalName)) {
                return true;
            }
            if (generic.isEmpty() || never(internalName)) {
                return false;
            }
            for (Hook h : generic) {
                if (h.mayWant(internalName, loader, loaded, loaded == null ? classFile : null)) {
                    return true;
                }
            }
            return false;
        }

        private boolean never(String internalName) {
            for (String p : never) {
                if (internalName.startsWith(p)) {
                    return true;
                }
            }
            return internalName.contains("$$Lambda")
                    || internalName.contains("$ByteBuddy$")
                    || internalName.contains("$auxiliary$");
        }
    }

    /** Built at run time: the jar's relocation rewrites string constants naming relocated packages. */
    private static String join(String a, String b) {
        return new StringBuilder(a).append('.').append(b).append('.').toString();
    }
}
