package dev.telltale.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of a module as text: every public class of the chosen packages with its
 * public and protected constructors, methods and fields (generic signatures, sorted). A module's API
 * test compares it with a committed file, so that a change to what users compile against is a
 * decision that shows in review. {@code -Dtelltale.api.update=true} rewrites the file instead.
 */
public final class ApiDump {
    /** The system property that makes {@link #check} rewrite the committed file. */
    public static final String UPDATE = "telltale.api.update";

    private ApiDump() {}

    /** The dump of every class under {@code classesDir} whose package {@code packages} accepts. */
    public static String dump(Path classesDir, Predicate<String> packages) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.walk(classesDir)) {
            names = s.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classesDir.relativize(p).toString().replace('\\', '/'))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("package-info") && !n.equals("module-info"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        StringBuilder out = new StringBuilder();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            if (!packages.test(dot < 0 ? "" : name.substring(0, dot))) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException("cannot load " + name, e);
            }
            if (visible(c)) {
                describe(c, out);
            }
        }
        return out.toString();
    }

    /**
     * Compares the dump with {@code apiFile} (relative to the module); with {@code -Dtelltale.api.update=true}
     * writes it instead. Fails with the lines added and removed.
     */
    public static void check(Path classesDir, Predicate<String> packages, Path apiFile) throws IOException {
        String actual = dump(classesDir, packages);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(apiFile.toAbsolutePath().getParent());
            Files.write(apiFile, actual.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String expected = Files.exists(apiFile) ? new String(Files.readAllBytes(apiFile), StandardCharsets.UTF_8) : "";
        if (expected.replace("\r\n", "\n").equals(actual)) {
            return;
        }
        Set<String> was =
                new LinkedHashSet<>(Arrays.asList(expected.replace("\r\n", "\n").split("\n")));
        Set<String> is = new LinkedHashSet<>(Arrays.asList(actual.split("\n")));
        StringBuilder diff = new StringBuilder();
        for (String l : is) {
            if (!was.contains(l)) {
                diff.append("+ ").append(l).append('\n');
            }
        }
        for (String l : was) {
            if (!is.contains(l)) {
                diff.append("- ").append(l).append('\n');
            }
        }
        fail("The public API differs from " + apiFile + ". If the change is intended, regenerate the file with\n"
                + "  mvn -B -ntp -pl <module> -am test -Dtest=ApiSignaturesTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                + UPDATE + "=true\nand commit it with the change.\n" + diff);
    }

    /** Public, and every enclosing class public too (a public nested class of a hidden class is hidden). */
    private static boolean visible(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            int m = k.getModifiers();
            boolean nestedProtected = k.getEnclosingClass() != null && Modifier.isProtected(m);
            if (!Modifier.isPublic(m) && !nestedProtected) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void describe(Class<?> c, StringBuilder out) {
        out.append(header(c)).append('\n');
        Set<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                members.add(f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exposed(k.getModifiers()) && !k.isSynthetic()) {
                members.add(k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add(m.toGenericString());
            }
        }
        for (String m : members) {
            out.append("  ").append(m).append('\n');
        }
    }

    private static String header(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : "class";
        int mods = c.getModifiers()
                & (c.isInterface()
                        ? Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                        : Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
        if (c.isEnum()) {
            mods &= ~(Modifier.FINAL | Modifier.ABSTRACT);
        }
        StringBuilder h = new StringBuilder();
        String m = Modifier.toString(mods);
        h.append(m.isEmpty() ? "" : m + " ").append(kind).append(' ').append(c.getTypeName());
        if (!c.isInterface() && !c.isEnum() && c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
            h.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        List<String> interfaces = new ArrayList<>();
        for (java.lang.reflect.Type t : c.getGenericInterfaces()) {
            interfaces.add(t.getTypeName());
        }
        if (c.isAnnotation()) {
            interfaces.clear();
        }
        Collections.sort(interfaces);
        if (!interfaces.isEmpty()) {
            h.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return h.toString();
    }
}
