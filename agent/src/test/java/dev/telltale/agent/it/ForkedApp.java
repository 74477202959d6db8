package dev.telltale.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs a test application in a fresh JVM under {@code -javaagent:target/telltale-agent.jar}. */
final class ForkedApp {
    static final Path AGENT_JAR = Paths.get(System.getProperty("telltale.agent.jar", "target/telltale-agent.jar"))
            .toAbsolutePath();
    static final Path APP_LIBS = Paths.get(System.getProperty("telltale.app.libs", "target/app-libs"))
            .toAbsolutePath();
    static final Path JETTY12_LIBS = Paths.get(System.getProperty("telltale.jetty12.libs", "target/jetty12-libs"))
            .toAbsolutePath();
    static final String JDK25_HOME = System.getProperty("telltale.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");

    /**
     * What the agent carries itself, and the application's own Telltale modules (added only by the
     * scenarios that run them): the application must not have them on its class path otherwise.
     */
    private static final List<String> NOT_ON_APP_CLASSPATH =
            Arrays.asList("byte-buddy", "jackson-core", "telltale-", "junit", "opentest4j", "apiguardian", "wiremock");

    private ForkedApp() {}

    /** The JDKs every scenario runs on: "17" (this JVM) and "25" (skipped, with the reason, when absent). */
    static Stream<String> jdks() {
        return Stream.of("17", "25");
    }

    static String javaFor(String jdk) {
        if (jdk.equals("25")) {
            Path java = Paths.get(JDK25_HOME, "bin", "java");
            Assumptions.assumeTrue(
                    Files.isExecutable(java), "JDK 25 not found at " + JDK25_HOME + ": the JDK 25 run is skipped");
            return java.toString();
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test classes and the libraries the test applications use (Logback, Jetty...), nothing of the agent's. */
    static String appClasspath(Path... extra) {
        return appClasspath(Arrays.asList(extra), Arrays.<String>asList());
    }

    /** As {@link #appClasspath(Path...)}, without the jars whose names start with one of {@code without}. */
    static String appClasspath(List<Path> extra, List<String> without) {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> keep = new ArrayList<>();
        for (Path p : extra) {
            keep.add(p.toString());
        }
        for (String entry : full.split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString().toLowerCase(Locale.ROOT);
            boolean ownClasses = entry.endsWith("classes") && !entry.endsWith("test-classes");
            if (ownClasses
                    || NOT_ON_APP_CLASSPATH.stream().anyMatch(name::startsWith)
                    || without.stream().anyMatch(name::startsWith)) {
                continue;
            }
            keep.add(entry);
        }
        return String.join(File.pathSeparator, keep);
    }

    /** The class path entries this test JVM has for the Telltale core and Jackson core (an application's own copy). */
    static List<Path> ownTelltale() {
        return ownTelltale(new String[0]);
    }

    /**
     * As {@link #ownTelltale()}, plus the application-side modules of this build named by their
     * directory ({@code logback-appender}, {@code servlet-filter}): their jar, or their classes when
     * the reactor did not package them.
     */
    static List<Path> ownTelltale(String... modules) {
        Map<String, String> artifacts = new LinkedHashMap<>();
        artifacts.put("core", "telltale-core");
        artifacts.put("logback-appender", "telltale-logback");
        artifacts.put("servlet-filter", "telltale-servlet");
        List<String> wanted = new ArrayList<>(Arrays.asList(modules));
        wanted.add("core");
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> out = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            String name = p.getFileName().toString();
            boolean keep = name.startsWith("jackson-core");
            for (String module : wanted) {
                boolean moduleClasses = entry.endsWith("classes")
                        && !entry.endsWith("test-classes")
                        && p.getParent() != null
                        && p.getParent().getParent() != null
                        && p.getParent().getParent().getFileName().toString().equals(module);
                boolean moduleJar = name.startsWith(artifacts.get(module) + "-")
                        && name.endsWith(".jar")
                        && !name.contains("-tests");
                keep |= moduleClasses || moduleJar;
            }
            if (keep) {
                out.add(p);
            }
        }
        if (out.size() < wanted.size() + 1) {
            throw new IllegalStateException(
                    "not all of " + wanted + " (and jackson-core) are on the test class path: " + out);
        }
        return out;
    }

    static List<Path> appLibs() throws IOException {
        return jars(APP_LIBS);
    }

    static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    static Result run(String jdk, String agentArgs, String classpath, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaFor(jdk));
        cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived JVMs on a busy machine
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return exec(cmd);
    }

    /** The bare flag, {@code -javaagent:telltale-agent.jar} with no agent arguments; configuration in {@code jvmOptions}. */
    static Result runBare(String jdk, List<String> jvmOptions, String classpath, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaFor(jdk));
        cmd.add("-javaagent:" + AGENT_JAR);
        cmd.addAll(jvmOptions);
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return exec(cmd);
    }

    static Result exec(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("forked-out", ".txt");
        Path err = Files.createTempFile("forked-err", ".txt");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            // The test's own configuration only: nothing inherited from the machine.
            pb.environment()
                    .keySet()
                    .removeIf(k -> k.startsWith("TELLTALE_") || k.startsWith("SENTRY_") || k.startsWith("BUGSNAG_"));
            Process p = pb.start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) { // a kill switch, not a wait: the machine may be very busy
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("forked JVM did not end within 240 s: " + cmd + "\nstdout:\n" + read(out)
                        + "\nstderr:\n" + read(err));
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
