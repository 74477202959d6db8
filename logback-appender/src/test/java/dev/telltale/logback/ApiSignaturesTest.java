package dev.telltale.logback;

import dev.telltale.testkit.ApiDump;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The appender's public line ({@code dev.telltale.logback}: the class name and the properties users
 * write in logback.xml) is the committed {@code api/telltale-logback.api}; regenerate it with
 * {@code -Dtelltale.api.update=true} when a change is intended.
 */
class ApiSignaturesTest {
    @Test
    void thePublicApiIsTheCommittedOne() throws Exception {
        Path classes = Paths.get(TelltaleAppender.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ApiDump.check(classes, "dev.telltale.logback"::equals, Paths.get("api", "telltale-logback.api"));
    }
}
