package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code CompletableFuture}: failures, and the reads and chained stages that observe them. */
final class CompletableFutureHook extends Hook {
    static final String TYPE = "java.util.concurrent.CompletableFuture";
    private static final String STAGE = "java.util.concurrent.CompletionStage";

    CompletableFutureHook() {
        super("executor");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(TYPE))
                .transform(advice.advice(
                                namedOneOf("completeThrowable", "completeExceptionally")
                                        .and(takesArgument(0, Throwable.class))
                                        .and(returns(boolean.class)),
                                ADVICE + "CompletableFutureAdvice$Failed")
                        .advice(
                                observation().and(not(takesArgument(0, named(STAGE)))),
                                ADVICE + "CompletableFutureAdvice$Observed")
                        .advice(
                                observation().and(takesArgument(0, named(STAGE))),
                                ADVICE + "CompletableFutureAdvice$ObservedOther")
                        .advice(
                                namedOneOf("allOf", "anyOf").and(isStatic()),
                                ADVICE + "CompletableFutureAdvice$ObservedAll"));
    }

    /** Public instance methods that read the outcome, or chain a stage onto it. */
    private static ElementMatcher.Junction<MethodDescription> observation() {
        ElementMatcher.Junction<MethodDescription> reads =
                namedOneOf("get", "join", "getNow", "resultNow", "exceptionNow", "isCompletedExceptionally", "state");
        ElementMatcher.Junction<MethodDescription> chains = returns(named(TYPE).or(named(STAGE)))
                .and(not(namedOneOf(
                        "toCompletableFuture",
                        "completeAsync",
                        "orTimeout",
                        "completeOnTimeout",
                        "newIncompleteFuture")));
        return isPublic().and(not(isStatic())).and(reads.or(chains));
    }
}
