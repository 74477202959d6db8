package dev.telltale.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath (C1 compiler, serial GC: quick to start on
 * a busy box); its output is read line by line and waited on with deadlines, never with sleeps.
 */
public class Forked implements AutoCloseable {
    public final Process process;
    /** Every line so far, stdout and stderr merged. */
    public final List<String> all = new CopyOnWriteArrayList<>();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public Forked(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            all.add(line);
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                },
                "forked-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for a line starting with {@code prefix}; returns it. */
    public String expect(String prefix, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(
                        "child did not print '" + prefix + "' within " + millis + " ms; output: " + tail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for the process to end; its exit code. */
    public int exit(long millis) throws InterruptedException {
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child still running after " + millis + " ms; output: " + tail());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String tail() {
        List<String> a = new ArrayList<>(all);
        return a.subList(Math.max(0, a.size() - 40), a.size()).toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
