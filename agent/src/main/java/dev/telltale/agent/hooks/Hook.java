package dev.telltale.agent.hooks;

import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented type (or one family of them, for the servlet API): how to recognise it cheaply,
 * and its advice. Hooks are built one by one, so one that cannot be built leaves the others in.
 */
public abstract class Hook {
    static final String ADVICE = "dev.telltale.agent.advice.";

    private final String name;

    protected Hook(String name) {
        this.name = name;
    }

    /** What the hook covers, in diagnostics: "uncaught-exception", "executor", "logback", "servlet". */
    public final String name() {
        return name;
    }

    /**
     * The binary names of the types this hook instruments: a class whose name is not here costs one
     * set lookup. Empty for a hook that cannot name its types ({@link #mayWant}).
     */
    public Set<String> typeNames() {
        return Collections.emptySet();
    }

    /**
     * For hooks that cannot name their types: a cheap look at a class that is not named by any hook
     * (its loader, and the class file when it is being loaded), before any parsing.
     *
     * @param internalName {@code a/b/C}
     * @param loaded the class when it is already loaded (retransformation), else null
     * @param classFile the class file being loaded, or null
     */
    public boolean mayWant(String internalName, ClassLoader loader, Class<?> loaded, byte[] classFile) {
        return false;
    }

    /** Adds this hook's type matcher and advice. */
    public abstract AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice)
            throws Exception;

    static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new java.util.HashSet<>(java.util.Arrays.asList(names)));
    }
}
