package dev.telltale.agent.hooks;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's hooks and the one cheap test every loaded class goes through: a set lookup by name
 * for the hooks that name their types, a byte search for the servlet hooks. Nothing is parsed for a
 * class no hook may want (the old type-pool hierarchy matching of every class cost a Spring Boot
 * application seconds of start-up).
 */
public final class Hooks {
    /** Never instrumented, whatever a generic hook thinks: Telltale and Byte Buddy (any copy), other agents. */
    private static final List<String> NEVER = Arrays.asList(
            join("dev", "telltale"), join("net", "bytebuddy"),
            "io.opentelemetry.javaagent.", "datadog.trace.", "com.datadog.", "co.elastic.apm.", "com.newrelic.",
            "org.glowroot.", "com.dynatrace.", "com.appdynamics.", "org.jacoco.agent.", "io.sentry.",
            "jdk.internal.", "sun.reflect.");

    private Hooks() {
    }

    /** Every hook, in a fixed order (so diagnostics are stable). */
    public static List<Hook> all() {
        return Arrays.<Hook>asList(new ThreadHook(), new FutureTaskHook(), new ThreadPoolExecutorHook(),
                new CompletableFutureHook(), new CompletableFutureTaskHook("AsyncRun"),
                new CompletableFutureTaskHook("AsyncSupply"), new LogbackLoggerHook(), new LogbackAppenderHook(),
                new ServletHook("javax"), new ServletHook("jakarta"));
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
     * Byte Buddy's ignore matcher, and the class-file side channel it reads: Byte Buddy hands the
     * class file to the buffer strategy just before it matches, on the same thread.
     */
    public static final class Candidates implements AgentBuilder.RawMatcher, AgentBuilder.ClassFileBufferStrategy {
        private final Map<String, Hook> named = new HashMap<>();
        private final List<Hook> generic = new ArrayList<>();
        private final ThreadLocal<byte[][]> classFile = new ThreadLocal<byte[][]>() {
            @Override
            protected byte[][] initialValue() {
                return new byte[1][];
            }
        };

        public Candidates(List<Hook> hooks) {
            for (Hook h : hooks) {
                if (h.typeNames().isEmpty()) {
                    generic.add(h);
                }
                for (String n : h.typeNames()) {
                    named.put(n, h);
                }
            }
        }

        /** True: ignore the type (no hook wants it). */
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> loaded, ProtectionDomain domain) {
            String name = type.getName(); // lazily described: the name costs no parsing
            if (named.containsKey(name)) {
                return false;
            }
            if (generic.isEmpty() || never(name)) {
                return true;
            }
            byte[] bytes = loaded == null ? classFile.get()[0] : null;
            for (Hook h : generic) {
                if (h.mayWant(name, loader, loaded, bytes)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean never(String name) {
            for (String p : NEVER) {
                if (name.startsWith(p)) {
                    return true;
                }
            }
            return name.contains("$$Lambda") || name.contains("$ByteBuddy$") || name.contains("$auxiliary$");
        }

        @Override
        public ClassFileLocator resolve(String name, byte[] binaryRepresentation, ClassLoader classLoader,
                                        JavaModule module, ProtectionDomain protectionDomain) {
            classFile.get()[0] = binaryRepresentation;
            return AgentBuilder.ClassFileBufferStrategy.Default.RETAINING.resolve(name, binaryRepresentation, classLoader, module, protectionDomain);
        }

        @Override
        public TypePool typePool(AgentBuilder.PoolStrategy poolStrategy, ClassFileLocator classFileLocator,
                                 ClassLoader classLoader, String name) {
            return AgentBuilder.ClassFileBufferStrategy.Default.RETAINING.typePool(poolStrategy, classFileLocator, classLoader, name);
        }

        /** Called when Byte Buddy is done with a class: the class file is not kept. */
        public void done() {
            classFile.get()[0] = null;
        }
    }

    /** Built at run time: the jar's relocation rewrites string constants naming relocated packages. */
    private static String join(String a, String b) {
        return new StringBuilder(a).append('.').append(b).append('.').toString();
    }
}
