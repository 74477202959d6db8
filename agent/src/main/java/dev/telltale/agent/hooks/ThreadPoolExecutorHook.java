package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import java.security.ProtectionDomain;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * {@code ThreadPoolExecutor}: {@code execute} remembers the submitter's scope for a plain runnable,
 * and in {@code runWorker} {@code task.run()} becomes {@code TelltaleBridge.runTask(task)}: the one
 * place a plain runnable starts, whatever {@code beforeExecute} a subclass overrides. The task
 * object itself is never replaced.
 */
final class ThreadPoolExecutorHook extends Hook {
    private static final String TYPE = "java.util.concurrent.ThreadPoolExecutor";

    ThreadPoolExecutorHook() {
        super("executor");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice)
            throws NoSuchMethodException {
        final AsmVisitorWrapper runInScope = MemberSubstitution.relaxed()
                .method(named("run").and(takesArguments(0)).and(isDeclaredBy(Runnable.class)))
                .replaceWith(TelltaleBridge.class.getMethod("runTask", Runnable.class))
                .on(named("runWorker"));
        return builder.type(named(TYPE))
                .transform(advice.advice(named("execute").and(takesArguments(1)), ADVICE + "ExecuteAdvice"))
                .transform(new AgentBuilder.Transformer() {
                    @Override
                    public DynamicType.Builder<?> transform(
                            DynamicType.Builder<?> b,
                            TypeDescription type,
                            ClassLoader loader,
                            JavaModule module,
                            ProtectionDomain domain) {
                        return b.visit(runInScope);
                    }
                });
    }
}
