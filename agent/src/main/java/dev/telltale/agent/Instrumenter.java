package dev.telltale.agent;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import dev.telltale.agent.hooks.Hook;
import dev.telltale.agent.hooks.Hooks;
import dev.telltale.internal.Diagnostics;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bytecode hooks, installed with Byte Buddy: advice only (no new fields or methods), so
 * classes loaded before us are retransformed in place. Each hook is built on its own: one that
 * cannot be built, or cannot be applied to a type, gets one {@code telltale:} line and the others
 * are unaffected. One Byte Buddy transformer serves them all, behind a cheap test by name
 * ({@link Hooks.Candidates}), so a class no hook wants costs a set lookup, not a parse.
 */
final class Instrumenter {
    private Instrumenter() {
    }

    /** @return the names of the hooks installed */
    static List<String> install(Instrumentation inst, final Diagnostics diagnostics) {
        List<String> installed = new ArrayList<>();
        try {
            // Advice needs no class injection: keep (our relocated) Byte Buddy away from sun.misc.Unsafe,
            // which JDK 24+ warns about on stderr. The property name is relocated with Byte Buddy.
            System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
            AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                    .include(Instrumenter.class.getClassLoader())
                    .withExceptionHandler(net.bytebuddy.asm.Advice.ExceptionHandler.Default.SUPPRESSING);
            List<Hook> hooks = Hooks.all();
            List<Hook> built = new ArrayList<>();
            Hooks.Candidates candidates = new Hooks.Candidates(hooks);
            AgentBuilder base = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    // One type per retransformation: a type the JVM refuses leaves the others in.
                    .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
                    .with(new RetransformFailures(diagnostics))
                    .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
                    .with((AgentBuilder.ClassFileBufferStrategy) candidates)
                    .with(new Failures(diagnostics, hooks, candidates))
                    .assureReadEdgeTo(inst, TelltaleBridge.class)
                    .ignore(candidates);
            AgentBuilder builder = build(base, hooks, advice, diagnostics, built);
            builder.installOn(inst);
            for (Hook h : built) {
                if (!installed.contains(h.name())) {
                    installed.add(h.name());
                }
            }
        } catch (Throwable e) {
            diagnostics.warn("agent hooks not installed: " + e);
        }
        return installed;
    }

    /** Adds each hook on its own: one that cannot be built gets one line, the others go in ({@code built}). */
    static AgentBuilder build(AgentBuilder base, List<Hook> hooks, AgentBuilder.Transformer.ForAdvice advice,
                              Diagnostics diagnostics, List<Hook> built) {
        AgentBuilder builder = base;
        for (Hook h : hooks) {
            try {
                builder = h.apply(builder, advice);
                built.add(h);
            } catch (Throwable e) {
                diagnostics.warnOnce("hook:" + h.name(), "could not build the " + h.name() + " hook: " + e
                        + " (other hooks unaffected)");
            }
        }
        return builder;
    }

    /** One line per hook that could not be applied to a type. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final Diagnostics diagnostics;
        private final List<Hook> hooks;
        private final Hooks.Candidates candidates;

        Failures(Diagnostics diagnostics, List<Hook> hooks, Hooks.Candidates candidates) {
            this.diagnostics = diagnostics;
            this.hooks = hooks;
            this.candidates = candidates;
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            String hook = Hooks.hookOf(hooks, typeName);
            diagnostics.warnOnce("hook:" + hook, "could not install the " + hook + " hook on "
                    + typeName + ": " + throwable + " (other hooks unaffected; reported once)");
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (diagnostics.isDebug()) {
                diagnostics.debug("instrumented " + type.getName());
            }
        }

        @Override
        public void onComplete(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
            candidates.done();
        }
    }

    /** A loaded type the JVM would not let us retransform. */
    private static final class RetransformFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        private final Diagnostics diagnostics;

        RetransformFailures(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
                                                          List<Class<?>> types) {
            diagnostics.warn("could not retransform " + batch + ": " + throwable + " (other hooks unaffected)");
            return super.onError(index, batch, throwable, types);
        }

        @Override
        public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
            // reported one by one above
        }
    }
}
