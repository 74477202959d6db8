package dev.telltale.agent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code ch.qos.logback.classic.Logger}: {@code callAppenders} sees every event that passed the level
 * check, whatever {@code logback.xml} attached; the methods that change appenders or additivity
 * invalidate the cached "the application's own appender reports this" verdicts.
 */
final class LogbackLoggerHook extends Hook {
    private static final String TYPE = "ch.qos.logback.classic.Logger";

    LogbackLoggerHook() {
        super("logback");
    }

    @Override
    public Set<String> typeNames() {
        return names(TYPE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder.type(named(TYPE))
                .transform(advice.advice(named("callAppenders").and(takesArguments(1)), ADVICE + "LogbackAdvice")
                        .advice(
                                LogbackAppenderHook.appendersChange().or(namedOneOf("setAdditive", "recursiveReset")),
                                ADVICE + "LogbackChangeAdvice"));
    }
}
