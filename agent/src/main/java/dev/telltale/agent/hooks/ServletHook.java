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
 * cheap to dear: the class file must mention the two methods' common descriptor prefix (a byte
 * search in the bytes being loaded: no parsing), its loader must see the servlet API (cached), and
 * only then is the class parsed and its hierarchy resolved. A few hundred classes of a Spring Boot
 * application get that far, instead of every one of its classes.
 */
final class ServletHook extends Hook {
    private final String ns;
    private final String adviceName;
    /** {@code (Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;}: doFilter's and service's descriptors start so. */
    private final byte[] descriptorPrefix;
    private final String apiResource;
    private final Map<ClassLoader, Boolean> seesApi = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

    /** @param namespace "javax" or "jakarta" */
    ServletHook(String namespace) {
        super("servlet");
        this.ns = namespace + ".servlet.";
        String internal = namespace + "/servlet/";
        this.adviceName = ADVICE + (namespace.equals("javax") ? "JavaxServletAdvice" : "JakartaServletAdvice");
        this.descriptorPrefix = ("(L" + internal + "ServletRequest;L" + internal + "ServletResponse;").getBytes(StandardCharsets.US_ASCII);
        this.apiResource = internal + "Filter.class";
    }

    @Override
    public boolean mayWant(String typeName, ClassLoader loader, Class<?> loaded, byte[] classFile) {
        if (loader == null) {
            return false; // the servlet API never comes from the bootstrap loader
        }
        if (loaded == null && (classFile == null || !contains(classFile, descriptorPrefix))) {
            return false;
        }
        return seesApi(loader);
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

    static boolean contains(byte[] hay, byte[] needle) {
        int n = needle.length;
        int last = hay.length - n;
        // The descriptor's first distinctive byte is at 2 (after "(L"): scan for the namespace's first letter there.
        byte probe = needle[2];
        outer:
        for (int i = 0; i <= last; i++) {
            if (hay[i + 2] != probe || hay[i] != '(' || hay[i + 1] != 'L') {
                continue;
            }
            for (int j = 3; j < n; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
