package dev.telltale.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterSettingsTest {
    @Test
    void initParameterWinsOverContextParameter() {
        Map<String, String> init = Map.of(FilterSettings.CAPTURE_SERVER_ERRORS, "true");
        Map<String, String> ctx =
                Map.of(FilterSettings.CAPTURE_SERVER_ERRORS, "false", FilterSettings.JOURNEY_MAX_ACTIONS, "7");
        FilterSettings s = FilterSettings.read(init::get, ctx::get);
        assertTrue(s.captureServerErrors());
        assertEquals(7, s.journeyMaxActions());
        assertEquals(FilterSettings.DEFAULT_MAX_SESSIONS, s.journeyMaxSessions());
    }

    @Test
    void badValueGetsOneLineNamingKeyValueAndExpectationAndTheDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Diagnostics d = new Diagnostics(false, new PrintStream(out, true, StandardCharsets.UTF_8));
        Map<String, String> init =
                Map.of(FilterSettings.JOURNEY_MAX_SESSIONS, "lots", FilterSettings.CAPTURE_SERVER_ERRORS, "perhaps");
        FilterSettings s = FilterSettings.read(init::get, name -> null, d);
        assertEquals(FilterSettings.DEFAULT_MAX_SESSIONS, s.journeyMaxSessions());
        assertFalse(s.captureServerErrors());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains(
                        "telltale: servlet filter parameter telltale.servlet.journey.max-sessions='lots' is not valid: expected a whole number"),
                text);
        assertTrue(
                text.contains(
                        "telltale.servlet.capture-server-errors='perhaps' is not valid: expected true or false; using false"),
                text);
    }

    @Test
    void autoRegistrationIsOnUnlessTurnedOff() {
        assertTrue(FilterSettings.autoRegister(null));
        assertFalse(FilterSettings.autoRegister("false"));
        assertFalse(FilterSettings.autoRegister(" FALSE "));
    }
}
