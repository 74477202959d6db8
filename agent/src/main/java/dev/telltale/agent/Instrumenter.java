package dev.telltale.agent;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import dev.telltale.integration.Diagnostics;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The bytecode hooks, installed with Byte Buddy: advice only (no new fields or methods), so
 * classes loaded before us are retransformed in place. A type that cannot be transformed gets
 * one {@code telltale:} line per hook; the other hooks are unaffected.
 */
final class Instrumenter {
    private static final String ADVICE = "dev.telltale.agent.advice.";
    private static final String CF = "java.util.concurrent.CompletableFuture";

    private Instrumenter() {
    }

    static void install(Instrumentation inst, final Diagnostics diagnostics) {
        try {
            // Advice needs no class injection: keep (our relocated) Byte Buddy away from sun.misc.Unsafe,
            // which JDK 24+ warns about on stderr. The property name is relocated with Byte Buddy.
            System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
            AgentBuilder.Transformer.ForAdvice base = new AgentBuilder.Transformer.ForAdvice()
                    .include(Instrumenter.class.getClassLoader())
                    .withExceptionHandler(net.bytebuddy.asm.Advice.ExceptionHandler.Default.SUPPRESSING);
            new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
                    .with(new Failures(diagnostics))
                    .assureReadEdgeTo(inst, TelltaleBridge.class)
                    .ignore(ignored())
                    // 1. uncaught exceptions, every thread kind
                    .type(named("java.lang.Thread"))
                    .transform(base.advice(named("dispatchUncaughtException").and(takesArguments(1)), ADVICE + "ThreadAdvice"))
                    // 2. executors and futures
                    .type(named("java.util.concurrent.FutureTask"))
                    .transform(base
                            .advice(isConstructor(), ADVICE + "FutureTaskAdvice$Init")
                            .advice(named("setException").and(takesArguments(1)), ADVICE + "FutureTaskAdvice$Failed")
                            .advice(namedOneOf("report", "exceptionNow", "resultNow"), ADVICE + "FutureTaskAdvice$Observed"))
                    .type(named("java.util.concurrent.ThreadPoolExecutor"))
                    .transform(base.advice(named("execute").and(takesArguments(1)), ADVICE + "ExecuteAdvice"))
                    .transform(new AgentBuilder.Transformer() {
                        @Override
                        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                                ClassLoader loader, JavaModule module, ProtectionDomain domain) {
                            return builder.visit(runTaskInScope());
                        }
                    })
                    .type(named(CF))
                    .transform(base
                            .advice(namedOneOf("completeThrowable", "completeExceptionally")
                                    .and(takesArgument(0, Throwable.class)).and(returns(boolean.class)),
                                    ADVICE + "CompletableFutureAdvice$Failed")
                            .advice(observation().and(not(takesArgument(0, named("java.util.concurrent.CompletionStage")))),
                                    ADVICE + "CompletableFutureAdvice$Observed")
                            .advice(observation().and(takesArgument(0, named("java.util.concurrent.CompletionStage"))),
                                    ADVICE + "CompletableFutureAdvice$ObservedOther")
                            .advice(namedOneOf("allOf", "anyOf").and(isStatic()), ADVICE + "CompletableFutureAdvice$ObservedAll"))
                    .type(named(CF + "$AsyncRun"))
                    .transform(base.advice(isConstructor(), ADVICE + "CompletableFutureAdvice$AsyncRunInit"))
                    .type(named(CF + "$AsyncSupply"))
                    .transform(base.advice(isConstructor(), ADVICE + "CompletableFutureAdvice$AsyncSupplyInit"))
                    // 3. Logback, whatever its configuration
                    .type(named("ch.qos.logback.classic.Logger"))
                    .transform(base.advice(named("callAppenders").and(takesArguments(1)), ADVICE + "LogbackAdvice")
                            .advice(appendersChange().or(namedOneOf("setAdditive", "recursiveReset")), ADVICE + "LogbackChangeAdvice"))
                    .type(named("ch.qos.logback.core.AsyncAppenderBase"))
                    .transform(base.advice(appendersChange(), ADVICE + "LogbackChangeAdvice"))
                    // 4. servlet containers
                    .type(servletTypes("javax.servlet."), new CanSee("javax/servlet/Filter.class"))
                    .transform(base.advice(servletMethods("javax.servlet."), ADVICE + "JavaxServletAdvice"))
                    .type(servletTypes("jakarta.servlet."), new CanSee("jakarta/servlet/Filter.class"))
                    .transform(base.advice(servletMethods("jakarta.servlet."), ADVICE + "JakartaServletAdvice"))
                    .installOn(inst);
        } catch (Throwable e) {
            diagnostics.warn("agent hooks not installed: " + e);
        }
    }

    /**
     * In {@code ThreadPoolExecutor.runWorker}, {@code task.run()} becomes
     * {@code TelltaleBridge.runTask(task)}: the one place a plain runnable starts, whatever
     * {@code beforeExecute} a subclass overrides. The task object itself is never replaced.
     */
    private static AsmVisitorWrapper runTaskInScope() {
        try {
            return MemberSubstitution.relaxed()
                    .method(named("run").and(takesArguments(0)).and(isDeclaredBy(Runnable.class)))
                    .replaceWith(TelltaleBridge.class.getMethod("runTask", Runnable.class))
                    .on(named("runWorker"));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the agent never touches: itself, Byte Buddy, other agents, generated classes. */
    private static ElementMatcher.Junction<TypeDescription> ignored() {
        return nameStartsWith(Prefixes.TELLTALE)
                .or(nameStartsWith(Prefixes.BYTE_BUDDY))
                .or(nameStartsWith("io.opentelemetry.javaagent."))
                .or(nameStartsWith("datadog.trace."))
                .or(nameStartsWith("com.datadog."))
                .or(nameStartsWith("co.elastic.apm."))
                .or(nameStartsWith("com.newrelic."))
                .or(nameStartsWith("org.glowroot."))
                .or(nameStartsWith("com.dynatrace."))
                .or(nameStartsWith("com.appdynamics."))
                .or(nameStartsWith("org.jacoco.agent."))
                .or(nameStartsWith("io.sentry."))
                .or(nameStartsWith("jdk.internal."))
                .or(nameStartsWith("sun.reflect."))
                .or(nameContains("$$Lambda"))
                .or(nameContains("$ByteBuddy$"))
                .or(nameContains("$auxiliary$"))
                .or(isSynthetic());
    }

    /** Public instance methods that read the outcome, or chain a stage onto it. */
    private static ElementMatcher.Junction<MethodDescription> observation() {
        ElementMatcher.Junction<MethodDescription> reads = namedOneOf("get", "join", "getNow", "resultNow",
                "exceptionNow", "isCompletedExceptionally", "state");
        ElementMatcher.Junction<MethodDescription> chains = returns(named(CF).or(named("java.util.concurrent.CompletionStage")))
                .and(not(namedOneOf("toCompletableFuture", "completeAsync", "orTimeout", "completeOnTimeout",
                        "newIncompleteFuture")));
        return isPublic().and(not(isStatic())).and(reads.or(chains));
    }

    /** Logback's methods that attach or detach appenders (AppenderAttachable). */
    private static ElementMatcher.Junction<MethodDescription> appendersChange() {
        return isPublic().and(namedOneOf("addAppender", "detachAppender", "detachAndStopAllAppenders"));
    }

    private static ElementMatcher.Junction<TypeDescription> servletTypes(String ns) {
        return not(isInterface()).and(hasSuperType(named(ns + "Filter").or(named(ns + "Servlet"))));
    }

    private static ElementMatcher.Junction<MethodDescription> servletMethods(String ns) {
        ElementMatcher.Junction<MethodDescription> doFilter = named("doFilter").and(takesArguments(3))
                .and(takesArgument(0, named(ns + "ServletRequest")));
        ElementMatcher.Junction<MethodDescription> service = named("service").and(takesArguments(2))
                .and(takesArgument(0, named(ns + "ServletRequest")));
        return isPublic().and(not(isAbstract())).and(doFilter.or(service));
    }

    /** Loaders that can see a class file (cached): spares the type matching for every other loader. */
    private static final class CanSee implements ElementMatcher<ClassLoader> {
        private final String resource;
        private final Map<ClassLoader, Boolean> cache = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

        CanSee(String resource) {
            this.resource = resource;
        }

        @Override
        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            Boolean b = cache.get(loader);
            if (b == null) {
                try {
                    b = loader.getResource(resource) != null;
                } catch (Throwable e) {
                    b = Boolean.FALSE;
                }
                cache.put(loader, b);
            }
            return b;
        }
    }

    /** One line per hook that could not be applied to a type. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final Diagnostics diagnostics;

        Failures(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            diagnostics.warnOnce("hook:" + hookOf(typeName), "could not install the " + hookOf(typeName) + " hook on "
                    + typeName + ": " + throwable + " (other hooks unaffected; reported once)");
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (diagnostics.isDebug()) {
                diagnostics.debug("instrumented " + type.getName());
            }
        }

        private static String hookOf(String typeName) {
            if (typeName.equals("java.lang.Thread")) {
                return "uncaught-exception";
            }
            if (typeName.startsWith("java.util.concurrent.")) {
                return "executor";
            }
            if (typeName.startsWith("ch.qos.logback.")) {
                return "logback";
            }
            return "servlet";
        }
    }


}
