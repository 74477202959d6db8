package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** {@code CompletableFuture$AsyncRun} / {@code $AsyncSupply}: async stages carry the submitter's scope. */
final class CompletableFutureTaskHook extends Hook {
    private final String type;
    private final String adviceName;

    CompletableFutureTaskHook(String simpleName) {
        super("executor");
        this.type = CompletableFutureHook.TYPE + "$" + simpleName;
        this.adviceName = ADVICE + "CompletableFutureAdvice$" + simpleName + "Init";
    }

    @Override
    public Set<String> typeNames() {
        return names(type);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(type)).transform(advice.advice(isConstructor(), adviceName));
    }
}
