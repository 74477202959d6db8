package dev.telltale.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What reported an event: Telltale's version, the integrations present in this process and their
 * artifacts, as backends show them to support teams ({@code sdk} for Sentry, {@code notifier}
 * metadata for BugSnag, {@code metadata.sdk} for the bug-report endpoint). Detected once, lazily,
 * on the sender thread, by looking the integrations' classes up without initialising them.
 */
public final class SdkInfo {
    public static final String NAME = "telltale.java";

    private static final String[][] INTEGRATIONS = {
        // integration name, a class that only it has, its artifact
        {"logback", "dev.telltale.logback.TelltaleAppender", "telltale-logback"},
        {"servlet-javax", "dev.telltale.servlet.javax.TelltaleFilter", "telltale-servlet"},
        {"servlet-jakarta", "dev.telltale.servlet.jakarta.TelltaleFilter", "telltale-servlet"},
        {"javaagent", "dev.telltale.agent.TelltaleAgent", "telltale-agent"},
    };

    private static volatile SdkInfo detected;

    private final String version;
    private final List<String> integrations;
    private final Map<String, String> packages;

    SdkInfo(String version, List<String> integrations, Map<String, String> packages) {
        this.version = version;
        this.integrations = Collections.unmodifiableList(integrations);
        this.packages = Collections.unmodifiableMap(packages);
    }

    /** This process's (detected on first use). */
    public static SdkInfo get() {
        SdkInfo s = detected;
        if (s == null) {
            s = detect();
            detected = s;
        }
        return s;
    }

    private static SdkInfo detect() {
        String version = readVersion();
        List<String> integrations = new ArrayList<>();
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("maven:dev.telltale:telltale-core", version);
        for (String[] i : INTEGRATIONS) {
            if (present(i[1])) {
                integrations.add(i[0]);
                packages.put("maven:dev.telltale:" + i[2], version);
            }
        }
        return new SdkInfo(version, integrations, packages);
    }

    private static boolean present(String className) {
        ClassLoader[] loaders = {SdkInfo.class.getClassLoader(), ClassLoader.getSystemClassLoader()};
        for (ClassLoader l : loaders) {
            try {
                Class.forName(className, false, l);
                return true;
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // absent from this loader
            }
        }
        return false;
    }

    /** Telltale's version, from the build; {@code unknown} when the build did not record it. */
    public static String readVersion() {
        try (InputStream in = SdkInfo.class.getResourceAsStream("/dev/telltale/telltale-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // informative only
        }
        return "unknown";
    }

    public String version() {
        return version;
    }

    /** {@code logback}, {@code servlet-jakarta}, {@code javaagent}, ...: the integrations on the class path. */
    public List<String> integrations() {
        return integrations;
    }

    /** {@code maven:dev.telltale:telltale-core} → version, for each artifact present. */
    public Map<String, String> packages() {
        return packages;
    }

    /** {@code telltale.java/1.2.0 (logback, servlet-jakarta)}. */
    @Override
    public String toString() {
        return NAME + "/" + version + (integrations.isEmpty() ? "" : " (" + String.join(", ", integrations) + ")");
    }
}
