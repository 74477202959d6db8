package dev.telltale.agent.view;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A page a test drives: a real headless Chromium, or (where none can run) jsdom running the page's scripts. */
interface BrowserPage extends AutoCloseable {
    void navigate(String url) throws Exception;

    /** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
    Object eval(String expression) throws Exception;

    /** Writes a picture of the page to {@code file}; false where the engine has no rendering. */
    boolean screenshot(Path file) throws Exception;

    default String text(String expression) throws Exception {
        return JsonTree.scalar(eval(expression));
    }

    /** Waits until a page expression is true; fails with what the page shows when it does not become true. */
    default void await(String what, String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object v;
            try {
                v = eval("!!(" + condition + ")");
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                v = false; // the page is between documents, or too busy to answer yet
            }
            if (Boolean.TRUE.equals(v)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never showed " + what + " (" + condition + "); it shows:\n"
                        + text("document.body ? document.body.textContent.slice(0, 3000) : ''"));
            }
            Thread.sleep(50); // polling the page with a deadline
        }
    }
}
