package dev.telltale;

import java.util.Locale;

/** Severity of an event or breadcrumb, from least to most severe. */
public enum Level {
    DEBUG("debug"),
    INFO("info"),
    WARNING("warning"),
    ERROR("error"),
    FATAL("fatal");

    private final String wireName;

    Level(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the wire by Sentry-style protocols ({@code "warning"}, ...). */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a level name leniently ({@code warn}, {@code WARNING}, {@code severe}, {@code critical}).
     *
     * @throws IllegalArgumentException naming the value when it is not a level
     */
    public static Level parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "trace":
            case "debug":
            case "fine":
            case "finer":
            case "finest":
                return DEBUG;
            case "info":
            case "config":
                return INFO;
            case "warn":
            case "warning":
                return WARNING;
            case "error":
            case "severe":
                return ERROR;
            case "fatal":
            case "critical":
                return FATAL;
            default:
                throw new IllegalArgumentException(
                        "'" + value + "' is not a level (debug, info, warning, error, fatal)");
        }
    }
}
