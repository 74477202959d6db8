package dev.telltale.servlet.internal;

import dev.telltale.integration.Diagnostics;
import dev.telltale.integration.Strings;
import java.util.Locale;
import java.util.function.Function;

/**
 * The filter's own switches, read from the filter's init-parameters and then the application's
 * context parameters. Immutable.
 */
public final class FilterSettings {
    /** Context parameter: {@code false} stops the container initializer from adding the filter. */
    public static final String AUTO_REGISTER = "telltale.servlet.auto-register";
    /** Report responses with status 500 or above that carry no exception (default false). */
    public static final String CAPTURE_SERVER_ERRORS = "telltale.servlet.capture-server-errors";
    /** Sessions whose journey is remembered (default 1000; least recently used forgotten first). */
    public static final String JOURNEY_MAX_SESSIONS = "telltale.servlet.journey.max-sessions";
    /** Actions remembered per session (default 20; the oldest forgotten first). */
    public static final String JOURNEY_MAX_ACTIONS = "telltale.servlet.journey.max-actions";

    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);

    static final int DEFAULT_MAX_SESSIONS = 1000;
    static final int DEFAULT_MAX_ACTIONS = 20;

    private final boolean captureServerErrors;
    private final int journeyMaxSessions;
    private final int journeyMaxActions;

    public FilterSettings(boolean captureServerErrors, int journeyMaxSessions, int journeyMaxActions) {
        this.captureServerErrors = captureServerErrors;
        this.journeyMaxSessions = journeyMaxSessions;
        this.journeyMaxActions = journeyMaxActions;
    }

    public static FilterSettings defaults() {
        return new FilterSettings(false, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_ACTIONS);
    }

    /**
     * @param initParam    the filter's init-parameter lookup (may return null)
     * @param contextParam the application's context-parameter lookup (may return null)
     */
    public static FilterSettings read(Function<String, String> initParam, Function<String, String> contextParam) {
        return read(initParam, contextParam, DIAGNOSTICS);
    }

    static FilterSettings read(
            Function<String, String> initParam, Function<String, String> contextParam, Diagnostics diagnostics) {
        return new FilterSettings(
                bool(CAPTURE_SERVER_ERRORS, value(CAPTURE_SERVER_ERRORS, initParam, contextParam), false, diagnostics),
                number(
                        JOURNEY_MAX_SESSIONS,
                        value(JOURNEY_MAX_SESSIONS, initParam, contextParam),
                        DEFAULT_MAX_SESSIONS,
                        0,
                        1_000_000,
                        diagnostics),
                number(
                        JOURNEY_MAX_ACTIONS,
                        value(JOURNEY_MAX_ACTIONS, initParam, contextParam),
                        DEFAULT_MAX_ACTIONS,
                        0,
                        200,
                        diagnostics));
    }

    /** Whether the initializer may add the filter, from a context parameter's value. */
    public static boolean autoRegister(String contextParamValue) {
        return bool(AUTO_REGISTER, contextParamValue, true, DIAGNOSTICS);
    }

    public boolean captureServerErrors() {
        return captureServerErrors;
    }

    public int journeyMaxSessions() {
        return journeyMaxSessions;
    }

    public int journeyMaxActions() {
        return journeyMaxActions;
    }

    private static String value(String name, Function<String, String> first, Function<String, String> second) {
        String v = apply(first, name);
        return v != null ? v : apply(second, name);
    }

    private static String apply(Function<String, String> f, String name) {
        try {
            String v = f == null ? null : f.apply(name);
            return v == null || v.trim().isEmpty() ? null : v.trim();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean bool(String name, String v, boolean dflt, Diagnostics diagnostics) {
        if (v == null) {
            return dflt;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("on")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return false;
        }
        bad(name, v, "true or false", dflt, diagnostics);
        return dflt;
    }

    private static int number(String name, String v, int dflt, int min, int max, Diagnostics diagnostics) {
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad(name, v, "a whole number from " + min + " to " + max, dflt, diagnostics);
        return dflt;
    }

    private static void bad(String name, String value, String expected, Object dflt, Diagnostics diagnostics) {
        diagnostics.warnOnce(
                "servlet-param:" + name + "=" + value,
                "servlet filter parameter " + name + "='" + Strings.clean(value, 64) + "' is not valid: expected "
                        + expected + "; using " + dflt);
    }
}
