package dev.telltale.config;

import dev.telltale.BeforeSend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Mutable holder filled by {@link ConfigResolver#resolve}; handed to the {@link Settings} constructor. */
final class SettingsValues {
    List<String> destinations;
    boolean destinationsDefaulted;
    String release;
    String environment;
    String serverName;
    List<String> inAppPackages;
    List<String> inAppExcludes;
    double sampleRate;
    int maxBreadcrumbs;
    Path outboxDir;
    int outboxMaxFiles;
    long outboxMaxBytes;
    boolean sendDefaultPii;
    boolean enabled;
    boolean debug;
    int queueSize;
    int maxInFlight;
    long queueMaxBytes;
    int connectTimeoutMillis;
    int readTimeoutMillis;
    long shutdownTimeoutMillis;
    long maxRetryAgeMillis;
    long retryInitialBackoffMillis;
    long retryMaxBackoffMillis;
    String proxy;
    List<String> ignoredExceptions;
    Map<String, String> tags;
    String dist;
    boolean uncaughtHandler;
    boolean shutdownHook;
    boolean attachStacktrace;
    boolean clientGrouping;
    List<String> sourceRoots;
    boolean sourceContextAllFrames;
    int stormPerGroup;
    long stormWindowMillis;
    BeforeSend beforeSend;
    final List<String> problems = new ArrayList<>();
}
