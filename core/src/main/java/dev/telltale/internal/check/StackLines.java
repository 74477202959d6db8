package dev.telltale.internal.check;

/** The top frame of a Java stack trace as text ({@code \tat a.b.C.m(C.java:12)}), rendered like Bugsink's headings. */
final class StackLines {
    private StackLines() {}

    static String topFrame(String stack) {
        if (stack == null) {
            return "";
        }
        for (String raw : stack.split("\n")) {
            String line = raw.trim();
            if (!line.startsWith("at ")) {
                continue;
            }
            String frame = line.substring(3).trim();
            int open = frame.lastIndexOf('(');
            int close = frame.lastIndexOf(')');
            if (open > 0 && close > open) {
                return frame.substring(open + 1, close) + " in `" + frame.substring(0, open) + "`";
            }
            return frame;
        }
        return "";
    }
}
