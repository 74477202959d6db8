package dev.telltale.agent.hooks;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code Filter.doFilter} and {@code Servlet.service} of one servlet namespace (javax or jakarta), in
 * every class that declares them. Their names are not known in advance, so the test is staged from
 * cheap to dear: its loader must see the servlet API (cached per loader), the class file must
 * mention the two methods' common descriptor prefix (a skipping byte search in the bytes being
 * loaded: no parsing, a few dozen comparisons for a typical class), and only then is the class parsed and its hierarchy resolved. A few hundred classes of a Spring Boot
 * application get that far, instead of every one of its classes.
 */
final class ServletHook extends Hook {
    private final String ns;
    private final String adviceName;
    /** {@code (Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;}: doFilter's and service's descriptors start so. */
    private final byte[] descriptorPrefix;
    private final int[] skip;
    private final String apiResource;
    private final Map<ClassLoader, Boolean> seesApi = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

    /** @param namespace "javax" or "jakarta" */
    ServletHook(String namespace) {
        super("servlet");
        this.ns = namespace + ".servlet.";
        String internal = namespace + "/servlet/";
        this.adviceName = ADVICE + (namespace.equals("javax") ? "JavaxServletAdvice" : "JakartaServletAdvice");
        this.descriptorPrefix = ("(L" + internal + "ServletRequest;L" + internal + "ServletResponse;").getBytes(StandardCharsets.US_ASCII);
        this.skip = shifts(descriptorPrefix);
        this.apiResource = internal + "Filter.class";
    }

    @Override
    public boolean mayWant(String internalName, ClassLoader loader, Class<?> loaded, byte[] classFile) {
        // The servlet API never comes from the bootstrap loader; a loader that cannot see it (the
        // usual case for one of the two namespaces) costs a cached lookup, not a search.
        if (loader == null || !seesApi(loader)) {
            return false;
        }
        if (loaded != null) {
            return implementsApi(loaded); // attached late: only the filters and servlets are retransformed
        }
        return classFile != null && contains(classFile, descriptorPrefix, skip);
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
            if (n.equals(ns + "Filter") || n.equals(ns + "Servlet") || (depth < 8 && implementsApiInterface(i, depth + 1))) {
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
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        ElementMatcher.Junction<MethodDescription> methods = methods();
        return builder.type(not(isInterface()).and(declaresMethod(methods))
                        .and(hasSuperType(named(ns + "Filter").or(named(ns + "Servlet")))))
                .transform(advice.advice(methods, adviceName));
    }

    private ElementMatcher.Junction<MethodDescription> methods() {
        ElementMatcher.Junction<MethodDescription> doFilter = named("doFilter").and(takesArguments(3))
                .and(takesArgument(0, named(ns + "ServletRequest")));
        ElementMatcher.Junction<MethodDescription> service = named("service").and(takesArguments(2))
                .and(takesArgument(0, named(ns + "ServletRequest")));
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
