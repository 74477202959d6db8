package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Filter.doFilter} and {@code Servlet.service} of one servlet namespace (javax or jakarta), in
 * every class that declares them. Their names are not known in advance, so the test is staged from
 * cheap to dear: the class file must mention the two methods' common descriptor prefix (a skipping
 * byte search in the bytes being loaded: no parsing, a few dozen comparisons for a typical class),
 * its loader must see the servlet API (cached per loader), and only then is the class parsed and
 * its hierarchy resolved. A few hundred classes of a Spring Boot
 * application get that far, instead of every one of its classes.
 *
 * <p>One advice serves both namespaces: {@code JavaxServletAdvice}, and for jakarta the same class
 * file with {@code javax/servlet/} renamed (read from the agent's jar, never loaded).
 */
final class ServletHook extends Hook {
    private static final String JAVAX_ADVICE = ADVICE + "JavaxServletAdvice";
    private static final String JAKARTA_ADVICE = ADVICE + "JakartaServletAdvice";

    private final String ns;
    private final boolean jakarta;
    private final String adviceName;
    /** {@code (Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;}: doFilter's and service's descriptors start so. */
    private final byte[] descriptorPrefix;

    private final int[] skip;
    private final String apiResource;
    private final Map<ClassLoader, Boolean> seesApi =
            Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

    /** @param namespace "javax" or "jakarta" */
    ServletHook(String namespace) {
        super("servlet");
        this.ns = namespace + ".servlet.";
        String internal = namespace + "/servlet/";
        this.jakarta = !namespace.equals("javax");
        this.adviceName = jakarta ? JAKARTA_ADVICE : JAVAX_ADVICE;
        this.descriptorPrefix = ("(L" + internal + "ServletRequest;L" + internal + "ServletResponse;")
                .getBytes(StandardCharsets.US_ASCII);
        this.skip = shifts(descriptorPrefix);
        this.apiResource = internal + "Filter.class";
    }

    @Override
    public boolean mayWant(String internalName, ClassLoader loader, Class<?> loaded, byte[] classFile) {
        // The servlet API never comes from the bootstrap loader.
        if (loader == null) {
            return false;
        }
        if (loaded != null) {
            // attached late: only the filters and servlets are retransformed
            return seesApi(loader) && implementsApi(loaded);
        }
        // The byte search first: the loader check behind it is cached per loader, but frameworks make
        // short-lived loaders (Spring's type-matching and JPA's throwaway ones), each a miss that
        // searches the class path (in a Boot jar, nested jars): sampled, that was most of this hook's
        // cost in a Spring Boot start-up. Few class files mention the descriptor.
        return classFile != null && contains(classFile, descriptorPrefix, skip) && seesApi(loader);
    }

    /** A loaded class implementing Filter or Servlet of this namespace, by name (nothing new is loaded). */
    boolean implementsApi(Class<?> type) {
        try {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (implementsApiInterface(c, 0)) {
                    return true;
                }
            }
        } catch (Throwable e) {
            // a broken hierarchy: not ours to judge
        }
        return false;
    }

    private boolean implementsApiInterface(Class<?> c, int depth) {
        for (Class<?> i : c.getInterfaces()) {
            String n = i.getName();
            if (n.equals(ns + "Filter")
                    || n.equals(ns + "Servlet")
                    || (depth < 8 && implementsApiInterface(i, depth + 1))) {
                return true;
            }
        }
        return false;
    }

    private boolean seesApi(ClassLoader loader) {
        Boolean b = seesApi.get(loader);
        if (b == null) {
            try {
                b = loader.getResource(apiResource) != null;
            } catch (Throwable e) {
                b = Boolean.FALSE;
            }
            seesApi.put(loader, b);
        }
        return b;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice)
            throws java.io.IOException {
        ElementMatcher.Junction<MethodDescription> methods = methods();
        AgentBuilder.Transformer.ForAdvice own =
                jakarta ? advice.include(ClassFileLocator.Simple.of(JAKARTA_ADVICE, jakartaAdvice())) : advice;
        return builder.type(not(isInterface())
                        .and(declaresMethod(methods))
                        .and(hasSuperType(named(ns + "Filter").or(named(ns + "Servlet")))))
                .transform(own.advice(methods, adviceName));
    }

    /** The javax advice's class file with every {@code javax/servlet/} type renamed to jakarta's. */
    static byte[] jakartaAdvice() throws java.io.IOException {
        final String from = JAVAX_ADVICE.replace('.', '/');
        final String to = JAKARTA_ADVICE.replace('.', '/');
        byte[] javax = ClassFileLocator.ForClassLoader.of(ServletHook.class.getClassLoader())
                .locate(JAVAX_ADVICE)
                .resolve();
        ClassReader reader = new ClassReader(javax);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(
                new ClassRemapper(writer, new Remapper() {
                    @Override
                    public String map(String internalName) {
                        if (internalName.equals(from)) {
                            return to;
                        }
                        return internalName.startsWith("javax/servlet/")
                                ? "jakarta/servlet/" + internalName.substring(14)
                                : internalName;
                    }
                }),
                0);
        return writer.toByteArray();
    }

    private ElementMatcher.Junction<MethodDescription> methods() {
        ElementMatcher.Junction<MethodDescription> doFilter =
                named("doFilter").and(takesArguments(3)).and(takesArgument(0, named(ns + "ServletRequest")));
        ElementMatcher.Junction<MethodDescription> service =
                named("service").and(takesArguments(2)).and(takesArgument(0, named(ns + "ServletRequest")));
        return isPublic().and(not(isAbstract())).and(doFilter.or(service));
    }

    /** Boyer-Moore-Horspool shifts for {@code needle}: a miss skips up to its whole length (about 70 bytes). */
    static int[] shifts(byte[] needle) {
        int[] skip = new int[256];
        java.util.Arrays.fill(skip, needle.length);
        for (int i = 0; i < needle.length - 1; i++) {
            skip[needle[i] & 0xff] = needle.length - 1 - i;
        }
        return skip;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        return contains(hay, needle, shifts(needle));
    }

    static boolean contains(byte[] hay, byte[] needle, int[] skip) {
        int n = needle.length;
        int last = n - 1;
        for (int i = 0; i <= hay.length - n; i += skip[hay[i + last] & 0xff]) {
            int j = last;
            while (j >= 0 && hay[i + j] == needle[j]) {
                j--;
            }
            if (j < 0) {
                return true;
            }
        }
        return false;
    }
}
