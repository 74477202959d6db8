package dev.telltale.integration;

/** What a logging integration needs to hand core a message template instead of a formatted line. */
public final class MessageTemplate {
    private MessageTemplate() {}

    /**
     * True for an argument that core's template formats exactly as SLF4J does and that cannot change
     * later: null, a string or a boxed primitive. Anything else should be formatted by the logger.
     */
    public static boolean isPlain(Object argument) {
        return dev.telltale.internal.util.MessageTemplate.isPlain(argument);
    }
}
