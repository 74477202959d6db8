package dev.telltale.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the bootstrap class loader: advice inlined into JDK classes
 * ({@code Thread}, {@code FutureTask}) and into classes of any application or container loader can
 * then all reach the one agent. Only these two tiny classes go there; the core stays in the agent's
 * loader. Must run before anything in the agent's loader touches them.
 */
final class BootstrapInjector {
    static final String[] CLASSES = {
        "dev/telltale/agent/bootstrap/TelltaleSink.class", // first: the bridge refers to it
        "dev/telltale/agent/bootstrap/TelltaleBridge.class",
    };

    private BootstrapInjector() {}

    static void inject(Instrumentation inst) throws IOException {
        if (alreadyInBootstrap()) {
            return; // attached a second time: keep the bridge that is there
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : CLASSES) {
            classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), read(name));
        }
        if (defineDirectly(inst, classes)) {
            return;
        }
        File jar = File.createTempFile("telltale-bridge-", ".jar");
        jar.deleteOnExit();
        try (OutputStream out = new FileOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            for (String name : CLASSES) {
                j.putNextEntry(new JarEntry(name));
                j.write(classes.get(
                        name.substring(0, name.length() - ".class".length()).replace('/', '.')));
                j.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    /**
     * Java 9+: opens {@code jdk.internal.misc} of {@code java.base} to the agent only, and defines the
     * classes in the bootstrap loader with the JDK's internal {@code Unsafe}. Unlike appending to the
     * bootstrap search path, this keeps class-data sharing on for the application (no JVM warning),
     * and unlike {@code sun.misc.Unsafe} it triggers no deprecation warning on JDK 24+.
     * All by reflection: this class compiles for Java 8.
     */
    private static boolean defineDirectly(Instrumentation inst, Map<String, byte[]> classes) {
        try {
            Class<?> moduleType = Class.forName("java.lang.Module");
            Method getModule = Class.class.getMethod("getModule");
            Object javaBase = getModule.invoke(Object.class);
            Object agent = getModule.invoke(BootstrapInjector.class);
            Method redefine = Instrumentation.class.getMethod(
                    "redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class, Map.class);
            redefine.invoke(
                    inst,
                    javaBase,
                    Collections.emptySet(),
                    Collections.emptyMap(),
                    Collections.singletonMap("jdk.internal.misc", Collections.singleton(agent)),
                    Collections.emptySet(),
                    Collections.emptyMap());
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method define = unsafeType.getMethod(
                    "defineClass",
                    String.class,
                    byte[].class,
                    int.class,
                    int.class,
                    ClassLoader.class,
                    ProtectionDomain.class);
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                define.invoke(unsafe, c.getKey(), c.getValue(), 0, c.getValue().length, null, null);
            }
            return true;
        } catch (Throwable e) {
            return false; // Java 8, or a JDK without it: the search path below
        }
    }

    private static boolean alreadyInBootstrap() {
        try {
            Class.forName("dev.telltale.agent.bootstrap.TelltaleBridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static byte[] read(String name) throws IOException {
        ClassLoader loader = BootstrapInjector.class.getClassLoader();
        try (InputStream in =
                loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing " + name + " in the agent jar");
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                b.write(buf, 0, n);
            }
            return b.toByteArray();
        }
    }
}
