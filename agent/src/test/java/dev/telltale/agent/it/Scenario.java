package dev.telltale.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One forked run of a test application per JDK, shared by the tests that check its different
 * outcomes (each JVM costs seconds; the behaviours are asserted one per test).
 */
final class Scenario {
    interface Launch {
        ForkedApp.Result run(String jdk, Path events) throws Exception;
    }

    final ForkedApp.Result result;
    final Events events;

    private Scenario(ForkedApp.Result result, Events events) {
        this.result = result;
        this.events = events;
    }

    private static final Map<String, Scenario> RUNS = new ConcurrentHashMap<>();

    static synchronized Scenario of(String name, String jdk, Launch launch) throws Exception {
        String key = name + "@" + jdk;
        Scenario s = RUNS.get(key);
        if (s == null) {
            ForkedApp.javaFor(jdk); // skips, with the reason, when that JDK is absent
            Path dir = Files.createTempDirectory("telltale-it-" + name + "-" + jdk);
            ForkedApp.Result r = launch.run(jdk, dir.resolve("events"));
            s = new Scenario(r, Events.in(dir.resolve("events")));
            RUNS.put(key, s);
        }
        return s;
    }

    /** Agent arguments sending events to {@code dir} as JSON files. */
    static String toDir(Path dir) {
        return "destinations=file:" + dir + ";environment=it";
    }
}
