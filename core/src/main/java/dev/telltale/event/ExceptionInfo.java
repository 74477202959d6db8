package dev.telltale.event;

import dev.telltale.internal.util.Maps;
import java.util.List;

/**
 * One exception of an event's chain. The chain is flat: the thrown exception has id 0 and no
 * parent; each cause or suppressed exception names its parent. Immutable.
 */
public final class ExceptionInfo {
    /** How an exception is related to its parent. */
    public enum Relation {
        /** The exception that was thrown or captured (the top of the chain). */
        THROWN,
        /** {@code parent.getCause()}. */
        CAUSE,
        /** One of {@code parent.getSuppressed()}. */
        SUPPRESSED
    }

    private final int id;
    private final int parentId;
    private final Relation relation;
    private final String type;
    private final String message;
    private final List<StackFrame> frames;
    private final int framesOmitted;
    private final int omittedAt;
    private final int framesInCommon;
    private final int causesOmitted;

    /**
     * @param frames        innermost call first, as {@link Throwable#getStackTrace()} gives them
     * @param framesOmitted how many frames were cut from the middle of a very deep stack
     * @param omittedAt     index in {@code frames} before which the cut frames stood
     */
    public ExceptionInfo(
            int id,
            int parentId,
            Relation relation,
            String type,
            String message,
            List<StackFrame> frames,
            int framesOmitted,
            int omittedAt) {
        this(id, parentId, relation, type, message, frames, framesOmitted, omittedAt, 0, 0);
    }

    /**
     * @param framesInCommon outermost frames left out because they equal the parent's (the JVM's
     *                       {@code ... n more}); 0 for the thrown exception
     * @param causesOmitted  exceptions of a very long cause chain cut between the parent and this one
     */
    public ExceptionInfo(
            int id,
            int parentId,
            Relation relation,
            String type,
            String message,
            List<StackFrame> frames,
            int framesOmitted,
            int omittedAt,
            int framesInCommon,
            int causesOmitted) {
        this.id = id;
        this.parentId = parentId;
        this.relation = relation;
        this.type = type == null ? "" : type;
        this.message = message == null ? "" : message;
        this.frames = Maps.copy(frames);
        this.framesOmitted = framesOmitted;
        this.omittedAt = omittedAt;
        this.framesInCommon = Math.max(0, framesInCommon);
        this.causesOmitted = Math.max(0, causesOmitted);
    }

    public int id() {
        return id;
    }

    /** Id of the exception this one is the cause or a suppressed exception of; -1 for the thrown one. */
    public int parentId() {
        return parentId;
    }

    public Relation relation() {
        return relation;
    }

    /** Fully qualified class name. */
    public String type() {
        return type;
    }

    /** Simple class name (after the last dot; nested classes keep their {@code $}). */
    public String simpleType() {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    /** Package of the class, empty for the default package. */
    public String packageName() {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }

    /** The message, empty when the exception had none. */
    public String message() {
        return message;
    }

    /** Innermost call first. */
    public List<StackFrame> frames() {
        return frames;
    }

    public int framesOmitted() {
        return framesOmitted;
    }

    public int omittedAt() {
        return omittedAt;
    }

    /** Outermost frames not repeated because the parent's trace has them too ({@code ... n more}). */
    public int framesInCommon() {
        return framesInCommon;
    }

    /** Exceptions of an overly long cause chain cut out between the parent and this one (0: none). */
    public int causesOmitted() {
        return causesOmitted;
    }

    public ExceptionInfo withFrames(List<StackFrame> newFrames) {
        return new ExceptionInfo(
                id,
                parentId,
                relation,
                type,
                message,
                newFrames,
                framesOmitted,
                omittedAt,
                framesInCommon,
                causesOmitted);
    }

    public ExceptionInfo withFrames(List<StackFrame> newFrames, int newOmitted, int newOmittedAt) {
        return new ExceptionInfo(
                id,
                parentId,
                relation,
                type,
                message,
                newFrames,
                newOmitted,
                newOmittedAt,
                framesInCommon,
                causesOmitted);
    }

    public ExceptionInfo withMessage(String newMessage) {
        return new ExceptionInfo(
                id,
                parentId,
                relation,
                type,
                newMessage,
                frames,
                framesOmitted,
                omittedAt,
                framesInCommon,
                causesOmitted);
    }

    /**
     * True for an exception that only wraps its cause and should lend the event neither its title nor
     * its grouping: {@code ExecutionException}, {@code CompletionException}, the reflection wrappers,
     * a servlet container's or Spring's {@code ServletException}.
     */
    public boolean isWrapperType() {
        return WRAPPERS.contains(type);
    }

    /** {@link #isWrapperType()} for a class name. */
    public static boolean isWrapperType(String className) {
        return WRAPPERS.contains(className);
    }

    private static final java.util.Set<String> WRAPPERS = new java.util.HashSet<>(java.util.Arrays.asList(
            "java.util.concurrent.ExecutionException",
            "java.util.concurrent.CompletionException",
            "java.lang.reflect.UndeclaredThrowableException",
            "java.lang.reflect.InvocationTargetException",
            "javax.servlet.ServletException",
            "jakarta.servlet.ServletException",
            "org.springframework.web.util.NestedServletException"));

    /** {@code type: message}, or the type alone, as {@code Throwable.toString()} would print. */
    @Override
    public String toString() {
        return message.isEmpty() ? type : type + ": " + message;
    }
}
