package dev.telltale.agent;

import dev.telltale.agent.hooks.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * The agent's one registered transformer: the cheap test by name ({@link Hooks.Candidates}) in front
 * of Byte Buddy's transformer, which sees only the few classes a hook may want. Without it every
 * class the application loads would run through Byte Buddy's code (a type pool, a description, the
 * matchers), and making that code hot costs an application seconds of CPU, JIT compilation included.
 */
final class Gate implements ClassFileTransformer {
    private final Hooks.Candidates candidates;
    private final ClassFileTransformer byteBuddy;

    Gate(Hooks.Candidates candidates, ClassFileTransformer byteBuddy) {
        this.candidates = candidates;
        this.byteBuddy = byteBuddy;
    }

    @Override
    public byte[] transform(
            ClassLoader loader,
            String internalName,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classFile)
            throws IllegalClassFormatException {
        try {
            if (!candidates.wanted(internalName, loader, classBeingRedefined, classFile)) {
                return null;
            }
        } catch (Throwable e) {
            return null; // never in the way of the application's class loading
        }
        return byteBuddy.transform(loader, internalName, classBeingRedefined, protectionDomain, classFile);
    }
}
