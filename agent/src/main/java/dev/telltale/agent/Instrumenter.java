package dev.telltale.agent;

import static net.bytebuddy.matcher.ElementMatchers.none;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import dev.telltale.agent.hooks.Hook;
import dev.telltale.agent.hooks.Hooks;
import dev.telltale.integration.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * The bytecode hooks, installed with Byte Buddy: advice only (no new fields or methods), so
 * classes loaded before us are retransformed in place. Each hook is built on its own: one that
 * cannot be built, or cannot be applied to a type, gets one {@code telltale:} line and the others
 * are unaffected. One Byte Buddy transformer serves them all, behind a cheap test by name
 * ({@link Gate}, {@link Hooks.Candidates}), so a class no hook wants costs a set lookup, not a parse,
 * and never reaches Byte Buddy.
 */
final class Instrumenter {
    private Instrumenter() {}

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
                    .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
                    .with(new Failures(diagnostics, hooks))
                    .ignore(none()); // the gate below has decided already
            AgentBuilder builder = build(base, hooks, advice, diagnostics, built);
            // Byte Buddy's transformer, unregistered, behind the gate: the only transformer registered.
            ClassFileTransformer byteBuddy = builder.makeRaw();
            // Advice inlined into java.base (Thread, the executors) calls the bridge in the bootstrap
            // loader's unnamed module: java.base must read it.
            readEdge(inst, Thread.class, TelltaleBridge.class, diagnostics);
            inst.addTransformer(new Gate(candidates, byteBuddy), true);
            retransformLoaded(inst, candidates, diagnostics);
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

    /** Classes loaded before the agent (the JDK's, or everything when attached) that a hook wants: one at a time. */
    private static void retransformLoaded(Instrumentation inst, Hooks.Candidates candidates, Diagnostics diagnostics) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            try {
                if (!inst.isModifiableClass(c)
                        || !candidates.wanted(c.getName().replace('.', '/'), c.getClassLoader(), c, null)) {
                    continue;
                }
                inst.retransformClasses(c);
            } catch (Throwable e) {
                diagnostics.warn("could not retransform " + c.getName() + ": " + e + " (other hooks unaffected)");
            }
        }
    }

    /** {@code from}'s module reads {@code to}'s (JDK 9+; reflection, as this compiles for Java 8). */
    static void readEdge(Instrumentation inst, Class<?> from, Class<?> to, Diagnostics diagnostics) {
        try {
            Method getModule = Class.class.getMethod("getModule");
            Object source = getModule.invoke(from);
            Object target = getModule.invoke(to);
            Class<?> module = Class.forName("java.lang.Module");
            if ((Boolean) module.getMethod("canRead", module).invoke(source, target)) {
                return;
            }
            Instrumentation.class
                    .getMethod("redefineModule", module, Set.class, Map.class, Map.class, Set.class, Map.class)
                    .invoke(
                            inst,
                            source,
                            Collections.singleton(target),
                            Collections.emptyMap(),
                            Collections.emptyMap(),
                            Collections.emptySet(),
                            Collections.emptyMap());
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            // Java 8: no modules
        } catch (Throwable e) {
            diagnostics.warn("could not let " + from.getName() + " reach the agent's bridge: " + e);
        }
    }

    /** Adds each hook on its own: one that cannot be built gets one line, the others go in ({@code built}). */
    static AgentBuilder build(
            AgentBuilder base,
            List<Hook> hooks,
            AgentBuilder.Transformer.ForAdvice advice,
            Diagnostics diagnostics,
            List<Hook> built) {
        AgentBuilder builder = base;
        for (Hook h : hooks) {
            try {
                builder = h.apply(builder, advice);
                built.add(h);
            } catch (Throwable e) {
                diagnostics.warnOnce(
                        "hook:" + h.name(),
                        "could not build the " + h.name() + " hook: " + e + " (other hooks unaffected)");
            }
        }
        return builder;
    }

    /** One line per hook that could not be applied to a type. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final Diagnostics diagnostics;
        private final List<Hook> hooks;

        Failures(Diagnostics diagnostics, List<Hook> hooks) {
            this.diagnostics = diagnostics;
            this.hooks = hooks;
        }

        @Override
        public void onError(
                String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            String hook = Hooks.hookOf(hooks, typeName);
            diagnostics.warnOnce(
                    "hook:" + hook,
                    "could not install the " + hook + " hook on " + typeName + ": " + throwable
                            + " (other hooks unaffected; reported once)");
        }

        @Override
        public void onTransformation(
                TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            if (diagnostics.isDebug()) {
                diagnostics.debug("instrumented " + type.getName());
            }
        }
    }
}
