package dev.telltale.processing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips what the JVM and bytecode libraries number or hash into the names of classes they
 * generate, so that one bug has one name across restarts, deploys and builds: lambdas
 * ({@code Foo$$Lambda$123/0x0000000800c4b040}, {@code Foo$$Lambda/0x...}, {@code lambda$main$0}),
 * dynamic proxies ({@code jdk.proxy2.$Proxy12}, {@code com.sun.proxy.$Proxy7}), CGLIB and Spring
 * ({@code $$SpringCGLIB$$0}, {@code $$EnhancerBySpringCGLIB$$1a2b3c}, {@code $$FastClassBySpringCGLIB$$...}),
 * Hibernate, ByteBuddy and Javassist proxies ({@code $HibernateProxy$Xy12}, {@code $ByteBuddy$abc},
 * {@code _$$_jvst12_3}), reflection accessors ({@code GeneratedMethodAccessor123}) and method
 * handles ({@code LambdaForm$MH/0x...}). The part a person recognises stays.
 */
public final class GeneratedNames {
    private static final Pattern[] CLASS_RULES = {
        Pattern.compile("(\\$\\$Lambda)(?:\\$\\d+)?(?:/(?:0x)?[0-9a-fA-F]+)?"),
        Pattern.compile("(LambdaForm\\$[A-Za-z]+)/(?:0x)?[0-9a-fA-F]+"),
        Pattern.compile("(\\$\\$(?:Enhancer|FastClass)By(?:Spring)?CGLIB)\\$\\$[0-9a-zA-Z]+"),
        Pattern.compile("(\\$\\$SpringCGLIB)\\$\\$\\d+"),
        Pattern.compile("(\\$HibernateProxy)\\$[0-9a-zA-Z]+"),
        Pattern.compile("(\\$ByteBuddy)\\$[0-9a-zA-Z]+"),
        Pattern.compile("(\\$auxiliary)\\$[0-9a-zA-Z]+"),
        Pattern.compile("(_\\$\\$_jvst)[0-9a-fA-F_]+"),
        Pattern.compile("(\\$Proxy)\\d+"),
        Pattern.compile("^(jdk\\.proxy)\\d+(?=\\.)"),
        Pattern.compile("(Generated(?:Serialization)?(?:Method|Constructor)Accessor)\\d+"),
    };
    private static final Pattern LAMBDA_METHOD = Pattern.compile("^(lambda\\$.*?)\\$\\d+$");

    private GeneratedNames() {}

    /** The class name without generated numbering; the same string when there is none. */
    public static String className(String name) {
        if (name == null || name.isEmpty() || !mayBeGenerated(name)) {
            return name;
        }
        String s = name;
        for (Pattern p : CLASS_RULES) {
            Matcher m = p.matcher(s);
            if (m.find()) {
                s = m.replaceAll("$1");
            }
        }
        return s;
    }

    /** {@code lambda$main$0} → {@code lambda$main}: javac numbers lambdas in source order. */
    public static String methodName(String name) {
        if (name == null || !name.startsWith("lambda$")) {
            return name;
        }
        Matcher m = LAMBDA_METHOD.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** A cheap pre-check: every rule needs a {@code $}, {@code /} or the word {@code Generated} / {@code proxy}. */
    private static boolean mayBeGenerated(String name) {
        return name.indexOf('$') >= 0
                || name.indexOf('/') >= 0
                || name.contains("Generated")
                || name.startsWith("jdk.proxy");
    }
}
