package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** {@code Thread.dispatchUncaughtException}: every uncaught exception, whatever handler the thread has. */
final class ThreadHook extends Hook {
    private static final String TYPE = "java.lang.Thread";

    ThreadHook() {
        super("uncaught-exception");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(TYPE))
                .transform(advice.advice(
                        named("dispatchUncaughtException").and(takesArguments(1)), ADVICE + "ThreadAdvice"));
    }
}
