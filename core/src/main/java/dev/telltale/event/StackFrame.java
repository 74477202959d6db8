package dev.telltale.event;

import dev.telltale.internal.util.Maps;
import java.util.Collections;
import java.util.List;

/** One frame of a stack trace. Immutable. */
public final class StackFrame {
    /** Line number when the JVM does not know it. */
    public static final int UNKNOWN_LINE = -1;

    private final String className;
    private final String methodName;
    private final String fileName;
    private final int lineNumber;
    private final boolean nativeMethod;
    private final boolean inApp;
    private final List<String> preContext;
    private final String contextLine;
    private final List<String> postContext;

    public StackFrame(
            String className, String methodName, String fileName, int lineNumber, boolean nativeMethod, boolean inApp) {
        this(className, methodName, fileName, lineNumber, nativeMethod, inApp, null, null, null);
    }

    private StackFrame(
            String className,
            String methodName,
            String fileName,
            int lineNumber,
            boolean nativeMethod,
            boolean inApp,
            List<String> preContext,
            String contextLine,
            List<String> postContext) {
        this.className = className == null ? "" : className;
        this.methodName = methodName == null ? "" : methodName;
        this.fileName = fileName == null ? "" : fileName;
        this.lineNumber = lineNumber;
        this.nativeMethod = nativeMethod;
        this.inApp = inApp;
        this.preContext = preContext == null ? Collections.<String>emptyList() : Maps.copy(preContext);
        this.contextLine = contextLine == null ? "" : contextLine;
        this.postContext = postContext == null ? Collections.<String>emptyList() : Maps.copy(postContext);
    }

    /** Fully qualified class name. */
    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** Source file name, empty when unknown. */
    public String fileName() {
        return fileName;
    }

    /** Line number, or a negative value when unknown. */
    public int lineNumber() {
        return lineNumber;
    }

    public boolean isNative() {
        return nativeMethod;
    }

    /** True when the frame belongs to the application rather than a library or the JDK. */
    public boolean inApp() {
        return inApp;
    }

    /** Package of the class, empty for the default package. */
    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    public StackFrame withInApp(boolean value) {
        return value == inApp
                ? this
                : new StackFrame(
                        className,
                        methodName,
                        fileName,
                        lineNumber,
                        nativeMethod,
                        value,
                        preContext,
                        contextLine,
                        postContext);
    }

    /** True when the source lines around the frame's line are known. */
    public boolean hasSource() {
        return !contextLine.isEmpty() || !preContext.isEmpty();
    }

    /** Source lines before the frame's line, oldest first; empty when unknown. */
    public List<String> preContext() {
        return preContext;
    }

    /** The source line of the frame; empty when unknown. */
    public String contextLine() {
        return contextLine;
    }

    /** Source lines after the frame's line; empty when unknown. */
    public List<String> postContext() {
        return postContext;
    }

    /** This frame with the source lines around it. */
    public StackFrame withSource(List<String> pre, String line, List<String> post) {
        return new StackFrame(className, methodName, fileName, lineNumber, nativeMethod, inApp, pre, line, post);
    }

    /** The frame as {@code Throwable.printStackTrace()} prints it, without the leading "at ". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(className.length() + methodName.length() + fileName.length() + 16);
        b.append(className).append('.').append(methodName).append('(');
        if (nativeMethod) {
            b.append("Native Method");
        } else if (fileName.isEmpty()) {
            b.append("Unknown Source");
        } else {
            b.append(fileName);
            if (lineNumber >= 0) {
                b.append(':').append(lineNumber);
            }
        }
        return b.append(')').toString();
    }
}
