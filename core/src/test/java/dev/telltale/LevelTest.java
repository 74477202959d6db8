package dev.telltale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelTest {
    @ParameterizedTest
    @CsvSource({
        "debug,DEBUG",
        "TRACE,DEBUG",
        "fine,DEBUG",
        "Finest,DEBUG",
        "info,INFO",
        "config,INFO",
        "warn,WARNING",
        "WARNING,WARNING",
        " warning ,WARNING",
        "error,ERROR",
        "SEVERE,ERROR",
        "fatal,FATAL",
        "critical,FATAL"
    })
    void parsesLenientNamesOfEveryLevel(String name, Level expected) {
        assertEquals(expected, Level.parse(name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"loud", "err", "5"})
    void rejectsANonLevelNamingTheValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parse(value));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("debug, info, warning, error, fatal"), e.getMessage());
    }

    @Test
    void wireNamesAreLowerCaseAndRoundTrip() {
        for (Level l : Level.values()) {
            assertEquals(l.name().toLowerCase(), l.wireName());
            assertEquals(l, Level.parse(l.wireName()));
        }
    }

    @Test
    void levelsAreOrderedBySeverity() {
        assertTrue(Level.DEBUG.compareTo(Level.INFO) < 0);
        assertTrue(Level.ERROR.compareTo(Level.FATAL) < 0);
    }
}
