package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** {@code FutureTask}: the submitter's scope, failures kept in the future, and who looked at them. */
final class FutureTaskHook extends Hook {
    private static final String TYPE = "java.util.concurrent.FutureTask";

    FutureTaskHook() {
        super("executor");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(TYPE))
                .transform(advice.advice(isConstructor(), ADVICE + "FutureTaskAdvice$Init")
                        .advice(named("setException").and(takesArguments(1)), ADVICE + "FutureTaskAdvice$Failed")
                        .advice(
                                namedOneOf("report", "exceptionNow", "resultNow"),
                                ADVICE + "FutureTaskAdvice$Observed"));
    }
}
