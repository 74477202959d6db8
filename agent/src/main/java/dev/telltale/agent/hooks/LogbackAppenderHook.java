package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code ch.qos.logback.core.AsyncAppenderBase}: appenders attached inside it change the cached verdicts too. */
final class LogbackAppenderHook extends Hook {
    private static final String TYPE = "ch.qos.logback.core.AsyncAppenderBase";

    LogbackAppenderHook() {
        super("logback");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(TYPE)).transform(advice.advice(appendersChange(), ADVICE + "LogbackChangeAdvice"));
    }

    /** Logback's methods that attach or detach appenders (AppenderAttachable). */
    static ElementMatcher.Junction<MethodDescription> appendersChange() {
        return isPublic().and(namedOneOf("addAppender", "detachAppender", "detachAndStopAllAppenders"));
    }
}
